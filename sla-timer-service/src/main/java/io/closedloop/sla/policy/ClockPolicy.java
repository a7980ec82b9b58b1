package io.closedloop.sla.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The clocks a company runs on its complaints, as one versioned document. A new version applies to complaints
 * received after it was activated; a complaint keeps the version it started with for its whole life, and every
 * clock records it, so an auditor can see which rules held a department to which deadline.
 *
 * @param name     e.g. {@code default-clocks}; with the version it makes the stamp {@code default-clocks@3}
 * @param calendar the business calendar the working-time targets are counted in, e.g. {@code cn-mainland}
 * @param clocks   the clocks, each with its own id
 */
public record ClockPolicy(String name, String calendar, List<ClockDefinition> clocks) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public ClockPolicy {
        // keeps null entries, so that problems() can name them
        clocks = clocks == null ? java.util.Collections.emptyList()
                : java.util.Collections.unmodifiableList(new ArrayList<>(clocks));
    }

    /**
     * Everything wrong with this document, each naming the field and the reason; empty when it may be activated.
     *
     * @param eventTypes       the complaint event type names (what may start, pause or resume a clock)
     * @param satisfyingEvents the event types the complaint records a time for, so that they can meet a clock
     */
    public List<String> problems(Set<String> eventTypes, Set<String> satisfyingEvents) {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name: must match " + NAME.pattern());
        }
        if (calendar == null || calendar.isBlank()) {
            problems.add("calendar: is required: working-time targets are counted in it");
        }
        if (clocks.isEmpty()) {
            problems.add("clocks: a policy needs at least one clock");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < clocks.size(); i++) {
            ClockDefinition clock = clocks.get(i);
            if (clock == null) {
                problems.add("clocks[" + i + "]: is empty");
                continue;
            }
            problems.addAll(clock.problems("clocks[" + i + "]", eventTypes, satisfyingEvents));
            if (clock.clockId() != null && !ids.add(clock.clockId())) {
                problems.add("clocks[" + i + "].clockId: '" + clock.clockId() + "' is used twice");
            }
        }
        return problems;
    }
}
