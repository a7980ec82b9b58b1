package io.closedloop.intake.relay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.UUID;

/**
 * How the event relay talks to Kafka.
 *
 * @param deliveryTimeout    how long a batch waits for Kafka's acknowledgements of its records before its Kafka
 *                           transaction is aborted and the batch rolled back and retried; keep it above the
 *                           producer's {@code delivery.timeout.ms}
 * @param transactionTimeout the relay producer's {@code transaction.timeout.ms}: how long the broker lets a batch's
 *                           transaction stay open before it aborts it. An open transaction holds back every
 *                           {@code read_committed} reader of the partitions it wrote to, so this bounds how long a
 *                           relay that died mid-batch (and is not restarted with the same instance id) can block
 *                           consumers. A batch must be able to send and commit well within it.
 * @param instanceId         this intake instance's part of the relay's transactional ids
 *                           ({@code intake-relay-<instance id>-<n>}). Every running instance needs its own, or they
 *                           fence each other's transactions. A stable id per instance (e.g. the pod name of a
 *                           stateful set) lets Kafka fence a zombie of the previous run and abort its open
 *                           transaction as soon as the instance is back; without one, a random id is chosen at every
 *                           start, and a dead instance's open transaction is aborted by the broker only after
 *                           {@code transactionTimeout}.
 */
@ConfigurationProperties("closedloop.intake.relay")
public record RelayProperties(@DefaultValue("130s") Duration deliveryTimeout,
                              @DefaultValue("30s") Duration transactionTimeout,
                              String instanceId) {

    public RelayProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = UUID.randomUUID().toString();
        }
    }

    /** The prefix of the relay producers' transactional ids; the producer factory appends a counter. */
    public String transactionIdPrefix() {
        return "intake-relay-" + instanceId + "-";
    }
}
