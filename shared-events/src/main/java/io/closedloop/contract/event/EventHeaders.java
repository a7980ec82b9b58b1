package io.closedloop.contract.event;

/**
 * Kafka record headers on {@code complaint.events.v1} (UTF-8 strings), so any Kafka client can route and
 * de-duplicate without parsing the value.
 */
public final class EventHeaders {
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_TYPE = "eventType";
    public static final String EVENT_REVISION = "eventRevision";
    public static final String COMPLAINT_ID = "complaintId";
    public static final String SEQUENCE = "sequence";
    public static final String OCCURRED_AT = "occurredAt";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";

    private EventHeaders() {
    }
}
