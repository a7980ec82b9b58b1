package io.closedloop.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.closedloop.contract.event.ComplaintEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    @Test
    void theClockSatisfyingEventsAreTheMilestonesOfAComplaintInTheOrderOfItsLife() {
        assertThat(Deadline.SATISFYING_EVENTS).containsExactly(
                "DepartmentAssigned", "ComplaintAcknowledged", "ProgressNoted", "CustomerInformationRequested",
                "CustomerReplied", "ComplaintResolved", "ResultFeedbackSent", "ComplaintClosed");
    }

    @Test
    void everyClockSatisfyingEventIsARegisteredEventType() {
        assertThat(ComplaintEvent.registered().stream().map(JsonSubTypes.Type::name))
                .containsAll(Deadline.SATISFYING_EVENTS);
    }

    @Test
    void theClockSatisfyingEventsCannotBeChangedAtRunTime() {
        assertThatThrownBy(() -> Deadline.SATISFYING_EVENTS.add("CommandRejected"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSampleDeadlinesAreSatisfiedByClockSatisfyingEvents() {
        assertThat(ContractSamples.deadlines()).allSatisfy(d ->
                assertThat(Deadline.SATISFYING_EVENTS).contains(d.satisfiedBy()));
    }
}
