package io.closedloop.analytics.web;

import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.security.Caller;
import io.closedloop.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.closedloop.analytics.eventlog.EventLog;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.json.ContractJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * For auditors: one complaint's whole stream, exactly as analytics received it (personal data masked), as JSON and
 * as a readable timeline.
 */
@Tag(name = "projections and audit")
@RestController
@RequestMapping("/api/v1/complaints")
class AuditController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX");

    private final EventLog eventLog;
    private final ZoneId zone;

    AuditController(EventLog eventLog, io.closedloop.analytics.report.Reports reports) {
        this.eventLog = eventLog;
        this.zone = reports.zone();
    }

    /** Every event of the complaint in stream order, as exported JSON (the envelopes of complaint.events.v1). */
    @Operation(summary = "Export one complaint's whole stream as JSON (the envelopes of complaint.events.v1)")
    @GetMapping(path = "/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<List<ComplaintEventEnvelope>>> events(@PathVariable String id) {
        return Callers.current().flatMap(caller -> Mono.fromCallable(() -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"complaint-" + id + ".json\"")
                        .body(stream(id, caller)))
                .subscribeOn(Schedulers.boundedElastic()));
    }

    /** One line per event: when, what, who or what caused it, and the event's own words. */
    @Operation(summary = "One complaint's stream as a readable timeline, one line per event")
    @GetMapping(path = "/{id}/timeline", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<String> timeline(@PathVariable String id) {
        return Callers.current().flatMap(caller -> Mono.fromCallable(() -> {
            StringBuilder text = new StringBuilder("Complaint ").append(id).append('\n');
            for (ComplaintEventEnvelope e : stream(id, caller)) {
                Map<String, Object> payload = ContractJson.mapper().convertValue(e.payload(),
                        new com.fasterxml.jackson.core.type.TypeReference<>() {
                        });
                Object actor = payload.remove("actor");
                payload.remove("complaintId");
                text.append(String.format("#%-3d %s  %-28s %s%n      %s%n", e.sequence(),
                        TIME.format(e.occurredAt().atZone(zone)), e.type(), actor == null ? "" : "by " + actor,
                        payload));
            }
            return text.toString();
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    private List<ComplaintEventEnvelope> stream(String id, Caller caller) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException("Invalid complaint id.",
                    List.of(new FieldError("id", "is not a complaint id (letters, digits, . _ : -, at most 64)")));
        }
        List<ComplaintEventEnvelope> events = eventLog.complaint(id).stream().map(EventLog.Entry::envelope)
                .map(AuditController::masked).toList();
        // a department sees its own complaints only; another's is "not found", as if it did not exist
        if (events.isEmpty() || !caller.maySee(department(events))) {
            throw new NotFoundException("analytics has no events of complaint " + id);
        }
        return events;
    }

    /** The department the complaint is assigned to now, from its own stream (null while unassigned). */
    private static String department(List<ComplaintEventEnvelope> events) {
        String department = null;
        for (ComplaintEventEnvelope e : events) {
            if (e.payload() instanceof DepartmentAssignedEvent assigned) {
                department = assigned.department();
            } else if (e.payload() instanceof ComplaintTransferredEvent transferred) {
                department = transferred.toDepartment();
            }
        }
        return department;
    }

    private static ComplaintEventEnvelope masked(ComplaintEventEnvelope e) {
        if (!(e.payload() instanceof ComplaintReceivedEvent r) || r.complainant() == null) {
            return e;
        }
        ComplaintReceivedEvent m = new ComplaintReceivedEvent(r.complaintId(), r.channel(), r.channelMessageId(),
                r.receivedAt(), r.complainant().masked(), r.subject(), r.text(), r.infoType(), r.product(),
                r.orderRef(), r.location(), r.attachments(), r.region(), r.language(), r.channelContext(), r.actor());
        return new ComplaintEventEnvelope(e.eventId(), e.type(), e.revision(), e.complaintId(), e.sequence(),
                e.occurredAt(), e.correlationId(), e.causationId(), m);
    }
}
