package io.closedloop.ops.parked;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.ops.OpsException;
import io.closedloop.ops.Service;
import io.closedloop.ops.http.ServiceClient;

import java.util.List;
import java.util.Optional;

/**
 * The parked complaints of routing-service, sla-timer-service and feedback-service, through their API
 * ({@code /api/v1/parked-complaints}). A release handles the dead-lettered event again ({@code retry}) or leaves it
 * out ({@code skip}), then every event that waited, in stream order, in one transaction that holds the complaint:
 * the stream cannot overtake it, and if anything fails again nothing of the release is kept.
 */
public final class ParkedComplaints {

    /** The services that park complaints. */
    public static final List<Service> SERVICES = List.of(Service.ROUTING, Service.SLA_TIMER, Service.FEEDBACK);

    public enum FailedEvent {
        RETRY, SKIP
    }

    private final ServiceClient client;

    public ParkedComplaints(ServiceClient client) {
        if (!SERVICES.contains(client.service())) {
            throw new OpsException(client.service().applicationName() + " does not park complaints; only "
                    + "routing, sla-timer and feedback do (analytics dead-letters a bad record and goes on: its counts are "
                    + "rebuilt from the stream once the cause is fixed)");
        }
        this.client = client;
    }

    public JsonNode list() {
        return client.get(PATH);
    }

    /** The parked complaint, or empty if it is not parked (never was, or released already). */
    public Optional<JsonNode> find(String complaintId) {
        try {
            return Optional.of(client.get(PATH + "/" + ServiceClient.segment(complaintId)));
        } catch (ServiceClient.ProblemException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public JsonNode release(String complaintId, FailedEvent failedEvent) {
        var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("failedEvent", failedEvent.name().toLowerCase(java.util.Locale.ROOT));
        return client.post(PATH + "/" + ServiceClient.segment(complaintId) + "/release", body);
    }

    public Service service() {
        return client.service();
    }

    private static final String PATH = "/api/v1/parked-complaints";
}
