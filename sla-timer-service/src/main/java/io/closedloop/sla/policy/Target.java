package io.closedloop.sla.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a clock runs, in exactly one of three kinds of time:
 * <ul>
 *   <li>{@code elapsed}: wall-clock time, nights and holidays included ("acknowledge within 1 hour");</li>
 *   <li>{@code workingTime}: business hours only ("call back within 3 working hours");</li>
 *   <li>{@code workingDays}: until close of business of the n-th working day after the start day, the way Chinese
 *       law counts periods (民法典 第201条: the start day is not counted).</li>
 * </ul>
 */
public record Target(Duration elapsed, Duration workingTime, Integer workingDays) {

    public static Target elapsed(Duration d) {
        return new Target(d, null, null);
    }

    public static Target workingTime(Duration d) {
        return new Target(null, d, null);
    }

    public static Target workingDays(int days) {
        return new Target(null, null, days);
    }

    /** Whether pauses and shifts of this target are measured in business time rather than wall-clock time. */
    @JsonIgnore
    public boolean inBusinessTime() {
        return elapsed == null;
    }

    /** e.g. {@code 5 working days}, {@code PT1H elapsed}: how an operator reads the target in a clock's timeline. */
    @Override
    public String toString() {
        if (elapsed != null) {
            return elapsed + " elapsed";
        }
        if (workingTime != null) {
            return workingTime + " working time";
        }
        return workingDays + " working day" + (workingDays != null && workingDays == 1 ? "" : "s");
    }

    List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        int kinds = (elapsed == null ? 0 : 1) + (workingTime == null ? 0 : 1) + (workingDays == null ? 0 : 1);
        if (kinds != 1) {
            problems.add(path + ": give exactly one of elapsed, workingTime, workingDays");
            return problems;
        }
        if (elapsed != null && (elapsed.isNegative() || elapsed.isZero() || elapsed.compareTo(MAX_ELAPSED) > 0)) {
            problems.add(path + ".elapsed: must be positive and at most " + MAX_ELAPSED);
        }
        if (workingTime != null
                && (workingTime.isNegative() || workingTime.isZero() || workingTime.compareTo(MAX_ELAPSED) > 0)) {
            problems.add(path + ".workingTime: must be positive and at most " + MAX_ELAPSED);
        }
        if (workingDays != null && (workingDays < 1 || workingDays > 366)) {
            problems.add(path + ".workingDays: must be between 1 and 366");
        }
        return problems;
    }

    /** No complaint deadline is longer than a year; a longer one is a typo (e.g. minutes written as days). */
    static final Duration MAX_ELAPSED = Duration.ofDays(366);
}
