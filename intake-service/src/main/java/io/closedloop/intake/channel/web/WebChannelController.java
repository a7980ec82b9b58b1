package io.closedloop.intake.channel.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Channel;
import io.closedloop.intake.channel.support.AdapterFiling;
import io.closedloop.intake.channel.support.ChannelProblem;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import io.closedloop.intake.channel.support.Words;
import io.closedloop.intake.tracking.CustomerStatus;
import io.closedloop.intake.tracking.CustomerStatusLookup;
import io.closedloop.intake.tracking.LookupThrottle;
import io.closedloop.intake.tracking.SecondFactor;
import io.closedloop.contract.TrackingNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The customer's side: the complaint form ({@code /complaint.html}) posts here and gets a tracking number; the status
 * page ({@code /status.html}) looks a complaint up by tracking number and second factor, for complaints from every
 * channel.
 */
@RestController
@Tag(name = "customer web", description = "The customer complaint form and the status lookup behind the web pages")
public class WebChannelController {

    static final String ADAPTER = "web-form";

    private final AdapterFiling filing;
    private final CustomerStatusLookup lookup;
    private final LookupThrottle throttle;
    private final Clock clock;
    private final MeterRegistry meters;

    public WebChannelController(AdapterFiling filing, CustomerStatusLookup lookup, LookupThrottle throttle, Clock clock,
                                MeterRegistry meters) {
        this.filing = filing;
        this.lookup = lookup;
        this.throttle = throttle;
        this.clock = clock;
        this.meters = meters;
    }

    /** The answer to a filed form: the number to keep, and a sentence to show. */
    public record FormReceipt(String trackingNumber, boolean created, String language, String message) {
    }

    @Operation(summary = "File a complaint from the customer web form",
            description = "Body: formId (a UUID the page makes once; a repeat with the same formId files nothing new), "
                    + "language (zh-CN or en), name, phone and/or email, subject, text (required), product, orderRef, "
                    + "region. 201 with the tracking number; 200 with the same number for a repeat. 400 "
                    + "problem+json whose errors name each field with a message in the chosen language.")
    @PostMapping(path = "/api/v1/channels/web/complaints", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<FormReceipt>> fileForm(@RequestBody JsonNode body,
                                                      @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept,
                                                      @RequestHeader(name = "X-Correlation-Id", required = false) String correlationId) {
        Lang lang = Lang.of(body != null && body.hasNonNull("language") ? body.get("language").asText() : null, accept);
        return filing.file(Channel.WEB, ADAPTER, correlationId, lang,
                        () -> WebComplaintForm.read(JsonPayload.of(body, lang), lang, clock.instant()),
                        WebComplaintForm.FORM_FIELDS)
                .map(filed -> ResponseEntity.status(filed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new FormReceipt(filed.trackingNumber(), filed.created(), lang.tag(),
                                new Words("我们已收到您的投诉。请记下查询编号 " + filed.trackingNumber()
                                        + "，凭它和您的手机号后四位或邮箱随时查询处理进度。",
                                        "We have received your complaint. Keep the tracking number "
                                                + filed.trackingNumber() + ": with it and the last four digits of "
                                                + "your phone number (or your email) you can check its progress.")
                                        .in(lang))));
    }

    /** Where a complaint stands, in the customer's language. Times are UTC instants; the page shows them locally. */
    public record StatusAnswer(String trackingNumber, String language, Instant receivedAt, String channel,
                               String subject, String status, String statusText, String statusExplained,
                               String department, List<Milestone> milestones, List<DueDate> dueDates,
                               String solution) {
    }

    public record Milestone(String code, String text, Instant at, String detail) {
    }

    public record DueDate(String clockId, String text, Instant dueAt, boolean extended, String reason) {
    }

    @Operation(summary = "Look up a complaint by tracking number and second factor",
            description = "Body: trackingNumber (as given, any case, hyphens optional), verifier (the last four "
                    + "digits of the phone number given, or the email address given), language (zh-CN or en). "
                    + "404 alike for an unknown number and a wrong verifier; 429 with Retry-After after repeated "
                    + "failures. A POST, so the verifier never appears in URLs or access logs.")
    @PostMapping(path = "/api/v1/tracking/lookups", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<StatusAnswer> lookUp(@RequestBody JsonNode body,
                                     @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept,
                                     ServerWebExchange exchange) {
        Lang lang = Lang.of(body != null && body.hasNonNull("language") ? body.get("language").asText() : null, accept);
        JsonPayload query = JsonPayload.of(body, lang);
        String typedNumber = query.text("trackingNumber", false, 40);
        Optional<String> number = TrackingNumbers.parse(typedNumber);
        if (number.isEmpty()) {
            query.issue("trackingNumber", typedNumber == null
                    ? new Words("请输入查询编号", "enter your tracking number")
                    : new Words("查询编号有误，请核对（格式如 7Q4M-2XD8-K）",
                    "this is not a valid tracking number; check it for typos (it looks like 7Q4M-2XD8-K)"));
        }
        String verifier = query.text("verifier", false, 254);
        if (!SecondFactor.isWellFormed(verifier)) {
            query.issue("verifier", new Words("请输入您留下的手机号的后四位，或您留下的邮箱地址",
                    "enter the last four digits of the phone number you gave, or the email address you gave"));
        }
        if (query.hasIssues()) {
            counted("invalid");
            query.throwIfAny(lang);
        }
        String client = client(exchange);
        Optional<Duration> wait = throttle.waitBefore(client, number.get());
        if (wait.isPresent()) {
            counted("throttled");
            return Mono.error(ChannelProblem.throttled(wait.get(), lang));
        }
        return Mono.fromCallable(() -> lookup.find(number.get(), verifier))
                .subscribeOn(Schedulers.boundedElastic())
                .map(found -> found.map(status -> {
                    counted("found");
                    return answer(status, lang);
                }).orElseGet(() -> {
                    counted("not_found");
                    throttle.failed(client, number.get());
                    throw ChannelProblem.notFound(lang);
                }));
    }

    /** Lookups by outcome: a rise in not_found and throttled is someone guessing. */
    private void counted(String outcome) {
        Counter.builder("closedloop.tracking.lookups")
                .description("Status lookups by tracking number, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    static StatusAnswer answer(CustomerStatus s, Lang lang) {
        return new StatusAnswer(s.trackingNumber(), lang.tag(), s.receivedAt(), CustomerWords.channel(s.channel(), lang),
                s.subject(), s.status(), CustomerWords.status(s.status(), lang),
                CustomerWords.statusExplained(s.status(), lang), CustomerWords.department(s.department(), lang),
                s.milestones().stream().map(m -> new Milestone(m.code(), CustomerWords.milestone(m.code(), lang),
                        m.at(), m.detail())).toList(),
                s.dueDates().stream().map(d -> new DueDate(d.clockId(), CustomerWords.due(d.clockId(), lang),
                        d.dueAt(), d.extended(), d.reason())).toList(),
                s.solution());
    }

    private static String client(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }
}
