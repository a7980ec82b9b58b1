package io.closedloop.routing.fanout;

import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.topic.Topic;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each department's own view of the stream: {@code dept.<code>.complaints.v1} carries, keyed by complaint id and in
 * stream order, every event of the complaints assigned to that department. When a complaint is assigned (or
 * transferred) to a department, the department first gets the complaint's whole story so far, so a department
 * system that subscribes sees exactly its own complaints, complete, and can start from any point. Events are
 * copied byte for byte from {@code complaint.events.v1}; a department system de-duplicates by event id.
 */
@Component
public class DepartmentFanOut {

    private final JdbcClient jdbc;
    private final KafkaAdmin admin;
    private final int partitions;
    private final int replicas;
    private final Set<String> topicsKnown = ConcurrentHashMap.newKeySet();

    DepartmentFanOut(JdbcClient jdbc, KafkaAdmin admin,
            @Value("${closedloop.routing.department-topics.partitions:3}") int partitions,
            @Value("${closedloop.routing.department-topics.replicas:1}") int replicas) {
        this.jdbc = jdbc;
        this.admin = admin;
        this.partitions = partitions;
        this.replicas = replicas;
    }

    /** Keeps the event as it came, for the departments that get the complaint later. */
    public void log(ComplaintEventEnvelope event, byte[] value) {
        jdbc.sql("""
                        insert into complaint_event_log
                            (complaint_id, sequence, event_id, event_type, occurred_at, envelope)
                        values (:complaintId, :sequence, :eventId, :type, :occurredAt, :envelope)
                        on conflict (complaint_id, sequence) do nothing
                        """)
                .param("complaintId", event.complaintId())
                .param("sequence", event.sequence())
                .param("eventId", event.eventId())
                .param("type", event.type())
                .param("occurredAt", OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .param("envelope", value)
                .update();
    }

    /** The records this event puts on department topics (the caller sends them before it commits). */
    public List<ProducerRecord<String, byte[]>> onEvent(ComplaintEventEnvelope event, byte[] value, Instant now) {
        Optional<String> current = departmentOf(event.complaintId());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        if (event.payload() instanceof DepartmentAssignedEvent assigned) {
            String department = assigned.department();
            setDepartment(event.complaintId(), department, assigned.priority(), assigned.rulesVersion(),
                    assigned.reason(), now);
            if (current.isPresent() && !current.get().equals(department)) {
                records.add(record(current.get(), event, value));
            }
            if (current.isEmpty() || !current.get().equals(department)) {
                records.addAll(history(event.complaintId(), department, event.sequence()));
            } else {
                records.add(record(department, event, value));
            }
        } else if (event.payload() instanceof ComplaintTransferredEvent transferred) {
            // the event names where it left from: that department is told even if routing never saw it arrive
            String from = transferred.fromDepartment() != null ? transferred.fromDepartment() : current.orElse(null);
            String to = transferred.toDepartment();
            if (from != null) {
                records.add(record(from, event, value));
            }
            setDepartment(event.complaintId(), to, null, null, transferred.reason(), now);
            if (!to.equals(from)) {
                records.addAll(history(event.complaintId(), to, event.sequence()));
            }
        } else if (current.isPresent()) {
            records.add(record(current.get(), event, value));
        }
        return records;
    }

    public Optional<String> departmentOf(String complaintId) {
        return jdbc.sql("select department from complaint_routing where complaint_id = :id")
                .param("id", complaintId)
                .query(String.class)
                .optional();
    }

    private void setDepartment(String complaintId, String department, String priority, String rulesVersion,
            String reason, Instant now) {
        jdbc.sql("""
                        insert into complaint_routing
                            (complaint_id, department, priority, rules_version, reason, updated_at)
                        values (:id, :department, :priority, :rulesVersion, :reason, :now)
                        on conflict (complaint_id) do update set department = excluded.department,
                            priority = coalesce(excluded.priority, complaint_routing.priority),
                            rules_version = coalesce(excluded.rules_version, complaint_routing.rules_version),
                            reason = excluded.reason, updated_at = excluded.updated_at
                        """)
                .param("id", complaintId)
                .param("department", department)
                .param("priority", priority)
                .param("rulesVersion", rulesVersion)
                .param("reason", reason)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
    }

    /** The complaint's events up to and including {@code upTo}, for a department that has just got it. */
    private List<ProducerRecord<String, byte[]>> history(String complaintId, String department, long upTo) {
        String topic = topic(department);
        return jdbc.sql("""
                        select event_id, event_type, envelope from complaint_event_log
                        where complaint_id = :id and sequence <= :upTo order by sequence
                        """)
                .param("id", complaintId)
                .param("upTo", upTo)
                .query((rs, n) -> withHeaders(new ProducerRecord<>(topic, complaintId, rs.getBytes(3)),
                        rs.getString(1), rs.getString(2)))
                .list();
    }

    private ProducerRecord<String, byte[]> record(String department, ComplaintEventEnvelope event, byte[] value) {
        return withHeaders(new ProducerRecord<>(topic(department), event.complaintId(), value), event.eventId(),
                event.type());
    }

    private static ProducerRecord<String, byte[]> withHeaders(ProducerRecord<String, byte[]> record, String eventId,
            String type) {
        record.headers().add(EventHeaders.EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * The department's topic, created the first time this instance needs it (kept for ever, like the stream). An
     * existing topic is left as it is: adding partitions would send a complaint's later events to another
     * partition than its earlier ones, out of order for its subscribers.
     */
    private String topic(String department) {
        String topic = Topic.departmentTopic(department);
        if (topicsKnown.add(topic)) {
            NewTopic newTopic = TopicBuilder.name(topic).partitions(partitions).replicas(replicas)
                    .config(TopicConfig.RETENTION_MS_CONFIG, "-1").build();
            try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
                client.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    topicsKnown.remove(topic);
                    throw new IllegalStateException("could not create " + topic, e.getCause());
                }
            } catch (InterruptedException e) {
                topicsKnown.remove(topic);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + topic, e);
            } catch (TimeoutException e) {
                topicsKnown.remove(topic);
                throw new IllegalStateException("the broker did not create " + topic + " within 30 s", e);
            }
        }
        return topic;
    }
}
