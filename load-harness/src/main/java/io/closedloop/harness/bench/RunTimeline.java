package io.closedloop.harness.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happened to each complaint of a run, by its number, in epoch milliseconds (0 = not yet): sent, accepted
 * (HTTP answer or Kafka acknowledgement), ComplaintReceived / ComplaintClassified / DeadlinesSet on
 * {@code complaint.events.v1} (the records' timestamps), DepartmentAssigned on its department topic, and the
 * acknowledgement clock's warning and due times from DeadlinesSet. For the hops on the way to the department topic,
 * also: when ComplaintReceived and DepartmentAssigned were stored (their {@code occurredAt}), when routing sent
 * AssignDepartment (its record on {@code complaint.commands.v1}) and when DepartmentAssigned was relayed.
 */
public final class RunTimeline {

    public enum Stage {
        SENT, ACCEPTED, RECEIVED, CLASSIFIED, ASSIGNED, DEADLINES_SET, WARN_AT, DUE_AT,
        RECEIVED_STORED, ASSIGN_SENT, ASSIGNED_STORED, ASSIGNED_RELAYED
    }

    private final int capacity;
    private final AtomicLongArray[] stages = new AtomicLongArray[Stage.values().length];
    /** complaint id to number, learnt from ComplaintReceived (or intake's HTTP answer) */
    final ConcurrentHashMap<String, Integer> numbers = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Integer, Boolean> viaKafka = new ConcurrentHashMap<>();

    public RunTimeline(int capacity) {
        this.capacity = capacity;
        for (Stage s : Stage.values()) {
            stages[s.ordinal()] = new AtomicLongArray(capacity);
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Records the first time only: a redelivered record does not move a stage. */
    public void mark(int number, Stage stage, long epochMillis) {
        if (number >= 0 && number < capacity) {
            stages[stage.ordinal()].compareAndSet(number, 0, epochMillis);
        }
    }

    public long at(int number, Stage stage) {
        return stages[stage.ordinal()].get(number);
    }
}
