package io.closedloop.contract.topic;

import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintEventEnvelope;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Every Kafka topic of the platform, declared once: its name, what its key is, the type of its values, and who
 * may write to it. Department topics follow a pattern, see {@link #departmentTopic(String)}.
 */
public enum Topic {

    /** Complaints published by channel adapters; the same channel message twice is one complaint. */
    COMPLAINT_INTAKE("complaint.intake.v1", "channel:channelMessageId", ComplaintSubmission.class,
            List.of("channel adapters")),
    /** Intake records that could not be read or were invalid, with the reason in headers. */
    COMPLAINT_INTAKE_DLT("complaint.intake.v1.dlt", "as on complaint.intake.v1", byte[].class,
            List.of("intake-service")),
    /** Commands to the Complaint aggregate from the services that decide. */
    COMPLAINT_COMMANDS("complaint.commands.v1", "complaint id", ComplaintCommand.class,
            List.of("routing-service", "sla-timer-service", "feedback-service")),
    /** Commands that could not be read, with the reason in headers. */
    COMPLAINT_COMMANDS_DLT("complaint.commands.v1.dlt", "complaint id", byte[].class,
            List.of("intake-service")),
    /** Every complaint event, in stream order per complaint; infinite retention, no compaction. */
    COMPLAINT_EVENTS("complaint.events.v1", "complaint id", ComplaintEventEnvelope.class,
            List.of("intake-service (event-store relay)"));

    private static final Pattern DEPARTMENT_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final String topicName;
    private final String key;
    private final Class<?> valueType;
    private final List<String> writers;

    Topic(String topicName, String key, Class<?> valueType, List<String> writers) {
        this.topicName = topicName;
        this.key = key;
        this.valueType = valueType;
        this.writers = writers;
    }

    public String topicName() {
        return topicName;
    }

    public String key() {
        return key;
    }

    public Class<?> valueType() {
        return valueType;
    }

    public List<String> writers() {
        return writers;
    }

    /**
     * The topic a department's systems subscribe to for the complaints assigned to it (written only by
     * routing-service, keyed by complaint id, values {@link ComplaintEventEnvelope}).
     */
    public static String departmentTopic(String departmentCode) {
        if (departmentCode == null || !DEPARTMENT_CODE.matcher(departmentCode).matches()) {
            throw new IllegalArgumentException("department code must match " + DEPARTMENT_CODE + ": " + departmentCode);
        }
        return "dept." + departmentCode + ".complaints.v1";
    }
}
