package io.closedloop.ops.deadletter;

import io.closedloop.contract.topic.Topic;
import io.closedloop.ops.Service;
import io.closedloop.ops.parked.ParkedComplaints;

import java.util.Optional;

/**
 * Who writes each dead-letter topic, and so what a re-drive means for its records:
 * <ul>
 *   <li>intake's ({@code complaint.intake.v1.dlt}, {@code complaint.commands.v1.dlt}): the original record goes
 *       back to its topic. Both of intake's consumers are idempotent (a submission's complaint id comes from its
 *       channel message id; a command's id is recorded in {@code processed_command} with its events), so even a
 *       second copy would change nothing;</li>
 *   <li>routing's, sla-timer's and feedback's ({@code complaint.events.v1.<service>.dlt}): the complaint was parked and its
 *       later events wait; the service's release API handles the failed event again and then the waiting ones, in
 *       order. That is the only re-drive: a copy on {@code complaint.events.v1} would overtake nothing and reach
 *       every service;</li>
 *   <li>analytics': nothing is parked and there is nothing to re-drive into; its counts are rebuilt from the stream
 *       once the cause is fixed.</li>
 * </ul>
 */
public record DeadLetterTopics(String topic, Kind kind, Optional<Service> service) {

    public enum Kind {
        /** re-driven by producing the original record to its topic again */
        INTAKE,
        /** re-driven by releasing the parked complaint through the service's API */
        PARKED,
        /** looked at, not re-driven */
        NOT_REDRIVABLE,
        /** not a dead-letter topic of the platform */
        UNKNOWN
    }

    public static DeadLetterTopics of(String topic) {
        if (topic.equals(Topic.COMPLAINT_INTAKE_DLT.topicName()) || topic.equals(Topic.COMPLAINT_COMMANDS_DLT.topicName())) {
            return new DeadLetterTopics(topic, Kind.INTAKE, Optional.of(Service.INTAKE));
        }
        for (Service service : Service.values()) {
            if (topic.equals(eventsDeadLetterTopic(service))) {
                Kind kind = ParkedComplaints.SERVICES.contains(service) ? Kind.PARKED : Kind.NOT_REDRIVABLE;
                return new DeadLetterTopics(topic, kind, Optional.of(service));
            }
        }
        return new DeadLetterTopics(topic, Kind.UNKNOWN, Optional.empty());
    }

    /** e.g. {@code complaint.events.v1.routing-service.dlt} (each service's {@code ComplaintStreamConfiguration}). */
    public static String eventsDeadLetterTopic(Service service) {
        return Topic.COMPLAINT_EVENTS.topicName() + "." + service.applicationName() + ".dlt";
    }
}
