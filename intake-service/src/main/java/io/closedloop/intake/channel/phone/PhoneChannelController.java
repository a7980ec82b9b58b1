package io.closedloop.intake.channel.phone;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Channel;
import io.closedloop.intake.channel.support.AdapterFiling;
import io.closedloop.intake.channel.support.AdapterNames;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Calls, from a call-centre or IVR system's webhook and from the agent form ({@code /agent.html}), which sends
 * {@code X-Channel-Adapter: agent-form} so the two are counted apart.
 */
@RestController
@Tag(name = "phone channel", description = "Call records from call-centre and IVR systems, and the agent form")
public class PhoneChannelController {

    static final String DEFAULT_ADAPTER = "call-centre";

    private final AdapterFiling filing;

    public PhoneChannelController(AdapterFiling filing) {
        this.filing = filing;
    }

    public record CallFiled(String callId, String trackingNumber, boolean created) {
    }

    @Operation(summary = "File a call record",
            description = "Body: callId (the idempotency key), callerNumber (or customerId for a withheld number), "
                    + "startedAt (ISO-8601 with offset), notes (what the caller said), and optionally agent, "
                    + "recordingRef, callerName, callerEmail, subject, product, orderRef, region, language, system, "
                    + "durationSeconds. 201 with the tracking number to tell the caller; 200 with the same number "
                    + "when the call was filed before. 400 problem+json naming each wrong field.")
    @PostMapping(path = "/api/v1/channels/phone/calls", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<CallFiled>> call(@RequestBody JsonNode body,
                                                @RequestHeader(name = "X-Channel-Adapter", required = false) String adapter,
                                                @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept,
                                                @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
        Lang lang = Lang.of(null, accept);
        String adapterName = AdapterNames.of(adapter, DEFAULT_ADAPTER);
        return filing.file(Channel.PHONE, adapterName, correlationId, lang,
                        () -> CallRecord.read(JsonPayload.of(body, lang), lang), CallRecord.FIELDS)
                .map(filed -> ResponseEntity.status(filed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new CallFiled(body.get("callId").asText().strip(), filed.trackingNumber(), filed.created())));
    }
}
