package io.closedloop.contract.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.json.ContractJson;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Complaint events for the tests of the services that consume {@code complaint.events.v1} (published in this
 * module's test-jar). Every call makes new ids, so tests that share one broker and one database never see each
 * other's events.
 */
public final class ComplaintEventFixtures {

    private ComplaintEventFixtures() {
    }

    public static String newComplaintId() {
        return "C-" + UUID.randomUUID();
    }

    /** The first event of a new complaint, as intake's relay would put it on the topic. */
    public static ComplaintEventEnvelope complaintReceived(String complaintId, Instant receivedAt) {
        var event = new ComplaintReceivedEvent(complaintId, Channel.WEB, "web-" + UUID.randomUUID(), receivedAt,
                new Complainant("Li Wei", null, "li.wei@example.com", null), "Parcel two weeks late",
                "我的包裹晚到了两周。", InfoType.COMPLAINT, "parcel", "ORD-1042", null, List.of(), null, null, null,
                Actor.customer(Channel.WEB, "web-adapter"));
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(),
                ComplaintEvent.typeName(ComplaintReceivedEvent.class), "1", complaintId, 0, receivedAt,
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), event);
    }

    /** The record value that carries the envelope: its contract JSON. */
    public static byte[] json(ComplaintEventEnvelope envelope) {
        try {
            return ContractJson.mapper().writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The event id and type headers of the envelope's record. The relay writes more (see {@link EventHeaders});
     * consumers read the value, so these two are what a record needs to look real.
     */
    public static Map<String, String> headers(ComplaintEventEnvelope envelope) {
        return Map.of(EventHeaders.EVENT_ID, envelope.eventId(), EventHeaders.EVENT_TYPE, envelope.type());
    }
}
