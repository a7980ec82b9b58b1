package io.closedloop.sla.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.sla.DocumentJson;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes a clock policy one that can be activated, and how its problems are reported. */
class ClockPolicyTest {

    static final Set<String> EVENT_TYPES = ComplaintEvent.registered().stream().map(JsonSubTypes.Type::name)
            .collect(Collectors.toUnmodifiableSet());

    @Test
    void theShippedDefaultPolicyIsValid() {
        assertThat(PolicyStore.readDefault().problems(EVENT_TYPES, Deadline.SATISFYING_EVENTS)).isEmpty();
    }

    @Test
    void everyProblemOfADraftIsNamedByItsField() {
        ClockPolicy draft = DocumentJson.read("""
                {"name": "draft", "calendar": "cn-mainland", "clocks": [
                  {"clockId": "ack", "description": "x", "startOn": ["ComplaintReceived", null],
                   "satisfiedBy": "ComplaintReceived", "target": {"elapsed": "PT0S"}, "warnAtFraction": 1.5,
                   "pausedBy": ["CustomerInformationRequested"],
                   "escalation": [null, {"level": 3, "after": "-PT1M", "escalateTo": ""}]},
                  null]}
                """, ClockPolicy.class);

        assertThat(draft.problems(EVENT_TYPES, Deadline.SATISFYING_EVENTS)).containsExactly(
                "clocks[0]: startOn, pausedBy and resumedBy must not contain null",
                "clocks[0].satisfiedBy: must be one of [ComplaintAcknowledged, ComplaintClosed, ComplaintResolved, "
                        + "CustomerInformationRequested, CustomerReplied, DepartmentAssigned, ProgressNoted, "
                        + "ResultFeedbackSent]",
                "clocks[0].resumedBy: a clock that can be paused needs an event that resumes it, and back",
                "clocks[0].target.elapsed: must be positive and at most PT8784H",
                "clocks[0].warnAtFraction: must be between 0 and 1 (exclusive), e.g. 0.8",
                "clocks[0].escalation[0]: is empty",
                "clocks[0].escalation[1].level: must be 2: levels rise by one from 1",
                "clocks[0].escalation[1].after: is required and must not be negative",
                "clocks[0].escalation[1].escalateTo: is required: who is told",
                "clocks[1]: is empty");
    }

    @Test
    void aLadderRepeatsItsLastRungUpToTheHighestLevel() {
        ClockDefinition clock = PolicyStore.readDefault().clocks().get(0);

        assertThat(clock.step(3).escalateTo()).isEqualTo("director");
        assertThat(clock.step(4).after()).isEqualTo(clock.step(3).after().plus(clock.repeatEvery()));
        assertThat(clock.step(5)).isNotNull();
        assertThat(clock.step(6)).as("above maxLevel 5").isNull();
    }
}
