package io.closedloop.intake.channel.onsite;

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

/** Complaints handed in at an on-site service desk, from the agent form ({@code /agent.html?channel=onsite}). */
@RestController
@Tag(name = "on-site channel", description = "Complaints taken down at an on-site service desk")
public class OnsiteDeskController {

    static final String DEFAULT_ADAPTER = "desk-form";

    private final AdapterFiling filing;

    public OnsiteDeskController(AdapterFiling filing) {
        this.filing = filing;
    }

    public record VisitFiled(String visitId, String trackingNumber, boolean created) {
    }

    @Operation(summary = "File a complaint handed in at an on-site desk",
            description = "Body: visitId (idempotency key), deskLocation, agent, visitedAt (ISO-8601 with offset), "
                    + "text, a customerPhone, customerEmail or customerId, and optionally customerName, subject, "
                    + "product, orderRef, region, language. 201 with the tracking number to give the customer; 200 "
                    + "with the same number for a repeat.")
    @PostMapping(path = "/api/v1/channels/onsite/visits", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<VisitFiled>> visit(@RequestBody JsonNode body,
                                                  @RequestHeader(name = "X-Channel-Adapter", required = false) String adapter,
                                                  @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept,
                                                  @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
        Lang lang = Lang.of(null, accept);
        String adapterName = AdapterNames.of(adapter, DEFAULT_ADAPTER);
        return filing.file(Channel.ONSITE, adapterName, correlationId, lang,
                        () -> DeskVisit.read(JsonPayload.of(body, lang), lang), DeskVisit.FIELDS)
                .map(filed -> ResponseEntity.status(filed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new VisitFiled(body.get("visitId").asText().strip(), filed.trackingNumber(), filed.created())));
    }
}
