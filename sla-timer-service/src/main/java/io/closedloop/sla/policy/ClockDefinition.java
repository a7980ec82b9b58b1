package io.closedloop.sla.policy;

import io.closedloop.contract.InfoType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One kind of clock a policy runs on complaints, as data: what it applies to, what starts it, what meets it, what
 * pauses it, how long it runs, when it warns and whom it escalates to.
 *
 * @param clockId              stable id, recorded on the complaint, e.g. {@code acknowledge}
 * @param description          what the clock is for, for people (Chinese and English welcome)
 * @param appliesTo            the information types it runs for; empty for all. A complaint whose type is not yet
 *                             known counts as {@code complaint}
 * @param startOn              event types that start (or restart) it; its start time is the event's own time, and
 *                             for {@code ComplaintReceived} the customer's time
 * @param satisfiedBy          the event type that meets it
 * @param pausedBy             event types that pause it (e.g. waiting for the customer)
 * @param resumedBy            event types that resume it
 * @param pauseExtendsDeadline whether time spent paused moves the deadline out (otherwise a pause only holds back
 *                             warnings and escalations until the clock resumes)
 * @param target               how long it runs when no severity-specific target applies
 * @param targetBySeverity     targets by the severity the classification gave, e.g. {@code major: 10 working days}
 * @param warnAtFraction       the share of the target after which an early warning is raised, e.g. 0.8; none if null
 * @param escalation           the ladder, level 1 first
 * @param repeatEvery          while the clock stays missed after the last rung, raise a further level this often
 *                             (to the last rung's recipient); none if null
 * @param maxLevel             the highest level ever raised, so a forgotten complaint cannot escalate forever
 */
public record ClockDefinition(
        String clockId,
        String description,
        Set<InfoType> appliesTo,
        Set<String> startOn,
        String satisfiedBy,
        Set<String> pausedBy,
        Set<String> resumedBy,
        boolean pauseExtendsDeadline,
        Target target,
        Map<String, Target> targetBySeverity,
        Double warnAtFraction,
        List<EscalationStep> escalation,
        Duration repeatEvery,
        Integer maxLevel) {

    private static final Pattern CLOCK_ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final int DEFAULT_MAX_LEVEL = 5;

    public ClockDefinition {
        // copies that keep null entries (an operator's typo), so that problems() can name them instead of the
        // document failing to load with no field named
        appliesTo = setOf(appliesTo);
        startOn = setOf(startOn);
        pausedBy = setOf(pausedBy);
        resumedBy = setOf(resumedBy);
        targetBySeverity = targetBySeverity == null ? java.util.Collections.emptyMap()
                : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(targetBySeverity));
        escalation = escalation == null ? java.util.Collections.emptyList()
                : java.util.Collections.unmodifiableList(new ArrayList<>(escalation));
    }

    private static <T> Set<T> setOf(Set<T> items) {
        return items == null ? java.util.Collections.emptySet()
                : java.util.Collections.unmodifiableSet(new java.util.HashSet<>(items));
    }

    public boolean appliesTo(InfoType infoType) {
        return appliesTo.isEmpty() || appliesTo.contains(infoType == null ? InfoType.COMPLAINT : infoType);
    }

    /** The target for a complaint of this severity (as the classification named it), or the default one. */
    public Target targetFor(String severity) {
        return severity == null ? target : targetBySeverity.getOrDefault(severity, target);
    }

    public int highestLevel() {
        return maxLevel == null ? DEFAULT_MAX_LEVEL : maxLevel;
    }

    /** The rung at this level, or the repeat of the last rung beyond the ladder; null when there is none. */
    public EscalationStep step(int level) {
        for (EscalationStep step : escalation) {
            if (step.level() == level) {
                return step;
            }
        }
        if (escalation.isEmpty() || repeatEvery == null || level > highestLevel()) {
            return null;
        }
        EscalationStep last = escalation.get(escalation.size() - 1);
        if (level <= last.level()) {
            return null;
        }
        return new EscalationStep(level, last.after().plus(repeatEvery.multipliedBy(level - last.level())),
                last.escalateTo());
    }

    List<String> problems(String path, Set<String> eventTypes, Set<String> satisfyingEvents) {
        List<String> problems = new ArrayList<>();
        if (clockId == null || !CLOCK_ID.matcher(clockId).matches()) {
            problems.add(path + ".clockId: must match " + CLOCK_ID.pattern());
        }
        if (description == null || description.isBlank()) {
            problems.add(path + ".description: is required: operators read it in a clock's timeline");
        }
        if (appliesTo.contains(null)) {
            problems.add(path + ".appliesTo: must not contain null");
        }
        if (startOn.contains(null) || pausedBy.contains(null) || resumedBy.contains(null)) {
            problems.add(path + ": startOn, pausedBy and resumedBy must not contain null");
        }
        if (startOn.isEmpty()) {
            problems.add(path + ".startOn: name at least one event type that starts the clock");
        }
        startOn.stream().filter(java.util.Objects::nonNull).filter(t -> !eventTypes.contains(t)).sorted()
                .forEach(t -> problems.add(path + ".startOn: '" + t + "' is not a complaint event type"));
        if (satisfiedBy == null || !satisfyingEvents.contains(satisfiedBy)) {
            problems.add(path + ".satisfiedBy: must be one of " + new java.util.TreeSet<>(satisfyingEvents));
        } else if (startOn.contains(satisfiedBy)) {
            problems.add(path + ".satisfiedBy: the event that meets the clock cannot also start it");
        }
        pausedBy.stream().filter(java.util.Objects::nonNull).filter(t -> !eventTypes.contains(t)).sorted()
                .forEach(t -> problems.add(path + ".pausedBy: '" + t + "' is not a complaint event type"));
        resumedBy.stream().filter(java.util.Objects::nonNull).filter(t -> !eventTypes.contains(t)).sorted()
                .forEach(t -> problems.add(path + ".resumedBy: '" + t + "' is not a complaint event type"));
        if (pausedBy.isEmpty() != resumedBy.isEmpty()) {
            problems.add(path + ".resumedBy: a clock that can be paused needs an event that resumes it, and back");
        }
        if (target == null) {
            problems.add(path + ".target: is required");
        } else {
            problems.addAll(target.problems(path + ".target"));
        }
        targetBySeverity.forEach((severity, t) -> {
            if (t == null) {
                problems.add(path + ".targetBySeverity." + severity + ": is empty");
            } else {
                problems.addAll(t.problems(path + ".targetBySeverity." + severity));
            }
        });
        if (warnAtFraction != null && !(warnAtFraction > 0 && warnAtFraction < 1)) {
            problems.add(path + ".warnAtFraction: must be between 0 and 1 (exclusive), e.g. 0.8");
        }
        if (escalation.isEmpty()) {
            problems.add(path + ".escalation: a clock needs at least one rung, or a missed deadline goes unnoticed");
        }
        for (int i = 0; i < escalation.size(); i++) {
            EscalationStep step = escalation.get(i);
            String at = path + ".escalation[" + i + "]";
            if (step == null) {
                problems.add(at + ": is empty");
                continue;
            }
            if (step.level() != i + 1) {
                problems.add(at + ".level: must be " + (i + 1) + ": levels rise by one from 1");
            }
            if (step.after() == null || step.after().isNegative()) {
                problems.add(at + ".after: is required and must not be negative");
            } else if (i > 0 && escalation.get(i - 1) != null && escalation.get(i - 1).after() != null
                    && step.after().compareTo(escalation.get(i - 1).after()) <= 0) {
                problems.add(at + ".after: must come later than the rung before");
            }
            if (step.escalateTo() == null || step.escalateTo().isBlank()) {
                problems.add(at + ".escalateTo: is required: who is told");
            }
        }
        if (repeatEvery != null && (repeatEvery.compareTo(java.time.Duration.ofMinutes(1)) < 0)) {
            problems.add(path + ".repeatEvery: must be at least PT1M");
        }
        if (maxLevel != null && (maxLevel < escalation.size() || maxLevel > 20)) {
            problems.add(path + ".maxLevel: must be between the ladder's length and 20");
        }
        return problems;
    }
}
