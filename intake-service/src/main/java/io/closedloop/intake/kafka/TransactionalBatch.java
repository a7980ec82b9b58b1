package io.closedloop.intake.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One poll's records in one database transaction: a batch shares one commit (one WAL flush) and one offset commit,
 * instead of one of each per record (issue 9). Records come in partition order, so one key's records are handled in
 * order, and each sees what the ones before it wrote (same transaction, same connection).
 * <p>
 * The handler writes each record under a savepoint of its own (see ComplaintCommandProcessor and ComplaintIntake).
 * A record that fails for good ({@link RecordFailures}) is rolled back alone: the records before it commit, with
 * their offsets; it goes to the dead-letter topic with its reason (the error handler in KafkaConfig); the ones after
 * it are delivered again. A failure that can pass (the database away) rolls the whole batch back, and the batch is
 * delivered again from its first record, with back-off, until it succeeds. Every handler must therefore recognise a
 * record it has handled before (commandId, channel message id), in the same transaction as its effects.
 */
final class TransactionalBatch {

    private final TransactionTemplate transactions;

    TransactionalBatch(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    /**
     * Handles {@code records} in order in one transaction, then, once it is committed, passes each handled record
     * and its result to {@code afterCommit}; throws {@link BatchListenerFailedException} naming the record the
     * error handler must act on.
     */
    <T> void handle(List<ConsumerRecord<String, byte[]>> records,
                    Function<ConsumerRecord<String, byte[]>, T> handler,
                    BiConsumer<ConsumerRecord<String, byte[]>, T> afterCommit) {
        List<T> results = new ArrayList<>(records.size());
        int[] failedAt = {-1};
        RuntimeException[] failure = {null};
        try {
            transactions.executeWithoutResult(status -> {
                results.clear();
                failedAt[0] = -1;
                failure[0] = null;
                for (int i = 0; i < records.size(); i++) {
                    try {
                        results.add(handler.apply(records.get(i)));
                    } catch (RuntimeException e) {
                        if (!RecordFailures.deterministic(e)) {
                            throw e;
                        }
                        failedAt[0] = i;
                        failure[0] = e;
                        break;
                    }
                }
            });
        } catch (RuntimeException e) {
            // Nothing of the batch was kept: it is delivered again from its first record, retried with back-off and
            // no limit (never dead-lettered: this failure is not the record's fault).
            throw new BatchListenerFailedException("could not handle the batch from "
                    + RecordFailures.position(records.get(0)), e, 0);
        }
        for (int i = 0; i < results.size(); i++) {
            afterCommit.accept(records.get(i), results.get(i));
        }
        if (failure[0] != null) {
            // the records before it are committed; this one goes to the dead-letter topic, the rest come again
            throw new BatchListenerFailedException("could not handle " + RecordFailures.position(
                    records.get(failedAt[0])), new RecordFailures.UnusableRecordException(failure[0]), failedAt[0]);
        }
    }
}
