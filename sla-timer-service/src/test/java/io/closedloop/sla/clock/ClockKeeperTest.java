package io.closedloop.sla.clock;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.calendar.BusinessCalendar;
import io.closedloop.contract.calendar.BusinessCalendars;
import io.closedloop.contract.calendar.CalendarDocument;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.RaiseDeadlineWarningCommand;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EscalationDismissedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.sla.DocumentJson;
import io.closedloop.sla.clock.TimelineEntry.Kind;
import io.closedloop.sla.clock.TimerRequest.Action;
import io.closedloop.sla.policy.ClockPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock keeper against the shipped default policy and the mainland-China calendar, time driven only by the
 * events and timers it is given.
 */
class ClockKeeperTest {

    private static final ClockPolicy DEFAULT_POLICY = readDefaultPolicy();
    private static final BusinessCalendar CN = BusinessCalendars.mainlandChina();
    private static final String COMPLAINT = "C-1";
    /** Monday 2026-03-09 10:00 in Shanghai: an ordinary working morning. */
    private static final Instant MONDAY_10 = shanghai("2026-03-09T10:00");

    private final FixedRules rules = new FixedRules();
    private final ClockKeeper keeper = new ClockKeeper(rules);
    private final ComplaintClocks clocks = ComplaintClocks.unknown(COMPLAINT);
    private long sequence;

    @Test
    void aComplaintStartsItsClocksAtTheCustomersOwnTimeAndSetsThemOnTheComplaint() {
        Effects effects = receive(InfoType.COMPLAINT, MONDAY_10);

        SetDeadlinesCommand set = only(effects.commands(), SetDeadlinesCommand.class);
        assertThat(set.deadlines()).extracting(Deadline::clockId).containsExactly("acknowledge", "resolve");
        Deadline acknowledge = set.deadlines().get(0);
        assertThat(acknowledge.startedAt()).isEqualTo(MONDAY_10);
        assertThat(acknowledge.dueAt()).isEqualTo(MONDAY_10.plus(Duration.ofHours(1)));
        assertThat(acknowledge.warnAt()).isEqualTo(MONDAY_10.plus(Duration.ofMinutes(45)));
        assertThat(acknowledge.satisfiedBy()).isEqualTo("ComplaintAcknowledged");
        assertThat(acknowledge.policyVersion()).isEqualTo("default-clocks@1");
        assertThat(acknowledge.calendarVersion()).isEqualTo("cn-mainland@1");
        // 5 working days, the start day not counted: Tue, Wed, Thu, Fri, Mon; close of business 18:00
        assertThat(set.deadlines().get(1).dueAt()).isEqualTo(shanghai("2026-03-16T18:00"));
        assertThat(set.actor()).isEqualTo(Actor.service("sla-timer-service", "default-clocks@1"));
        assertThat(effects.timers()).contains(
                new TimerRequest(COMPLAINT, "acknowledge", 1, Action.WARN, 0, MONDAY_10.plus(Duration.ofMinutes(45))),
                new TimerRequest(COMPLAINT, "acknowledge", 1, Action.ESCALATE, 1, MONDAY_10.plus(Duration.ofHours(1))));
    }

    @Test
    void aDeliveryOfTheFirstEventAgainChangesNothing() {
        ComplaintEventEnvelope received = envelope(receivedEvent(InfoType.COMPLAINT, MONDAY_10), MONDAY_10);
        keeper.onEvent(clocks, received);

        assertThat(keeper.onEvent(clocks, received).isEmpty()).isTrue();
    }

    @Test
    void aMissedClockEscalatesRungByRungThenRepeatsUpToTheHighestLevel() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant due = MONDAY_10.plus(Duration.ofHours(1));

        Effects first = fire(Action.ESCALATE, 1, due);
        RaiseEscalationCommand level1 = only(first.commands(), RaiseEscalationCommand.class);
        assertThat(level1.level()).isEqualTo(1);
        assertThat(level1.escalateTo()).isEqualTo("team-lead");
        assertThat(level1.dueAt()).isEqualTo(due);
        assertThat(level1.commandId()).isEqualTo("sla-acknowledge-g1-escalate-1");
        assertThat(first.timers()).containsExactly(
                new TimerRequest(COMPLAINT, "acknowledge", 1, Action.ESCALATE, 2, due.plus(Duration.ofHours(1))));

        assertThat(escalation(fire(Action.ESCALATE, 2, due.plus(Duration.ofHours(1)))).escalateTo())
                .isEqualTo("department-head");
        Effects third = fire(Action.ESCALATE, 3, due.plus(Duration.ofHours(4)));
        assertThat(escalation(third).escalateTo()).isEqualTo("director");
        // beyond the ladder: the last rung again every 4 hours, up to level 5
        assertThat(third.timers()).extracting(TimerRequest::at).containsExactly(due.plus(Duration.ofHours(8)));
        assertThat(escalation(fire(Action.ESCALATE, 4, due.plus(Duration.ofHours(8)))).level()).isEqualTo(4);
        Effects fifth = fire(Action.ESCALATE, 5, due.plus(Duration.ofHours(12)));
        assertThat(escalation(fifth).escalateTo()).isEqualTo("director");
        assertThat(fifth.timers()).isEmpty();
    }

    @Test
    void aTimerThatFiresTwiceEscalatesOnce() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant due = MONDAY_10.plus(Duration.ofHours(1));
        fire(Action.ESCALATE, 1, due);

        assertThat(fire(Action.ESCALATE, 1, due.plusSeconds(5)).isEmpty()).isTrue();
    }

    @Test
    void aLevelThatFellDueBeforeALateMeetIsStillRaisedWhenItsTimerFiresLate() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant due = MONDAY_10.plus(Duration.ofHours(1));
        fire(Action.ESCALATE, 1, due);
        // level 2 falls due at due + 1 h; the acknowledgement comes 5 minutes after that, before the timer fires
        event(new ComplaintAcknowledgedEvent(COMPLAINT, "after-sales", "收到", due.plus(Duration.ofMinutes(65)),
                Actor.user("agent-7")));
        assertThat(clocks.clock("acknowledge").state()).isEqualTo(ClockState.MET);

        Effects late = fire(Action.ESCALATE, 2, due.plus(Duration.ofMinutes(70)));
        RaiseEscalationCommand level2 = only(late.commands(), RaiseEscalationCommand.class);
        assertThat(level2.level()).isEqualTo(2);
        assertThat(level2.escalateTo()).isEqualTo("department-head");
        // the clock is met: no further rung
        assertThat(late.timers()).isEmpty();
        // a rung that would have fallen due only after the meet is not raised
        assertThat(fire(Action.ESCALATE, 3, due.plus(Duration.ofHours(4))).isEmpty()).isTrue();
        // and the same late timer again changes nothing
        assertThat(fire(Action.ESCALATE, 2, due.plus(Duration.ofMinutes(71))).isEmpty()).isTrue();
    }

    @Test
    void everyLevelThatFellDueBeforeALateMeetIsRaisedWhenTheFirstTimerFiresOnlyAfterIt() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant due = MONDAY_10.plus(Duration.ofHours(1));
        // levels 1 (at due) and 2 (at due + 1 h) both fall due before the acknowledgement; no timer fired in time
        event(new ComplaintAcknowledgedEvent(COMPLAINT, "after-sales", "收到", due.plus(Duration.ofMinutes(65)),
                Actor.user("agent-7")));

        Effects level1 = fire(Action.ESCALATE, 1, due.plus(Duration.ofMinutes(70)));
        assertThat(only(level1.commands(), RaiseEscalationCommand.class).level()).isEqualTo(1);
        // the next rung, also due before the meet, is set to go out at once
        assertThat(level1.timers()).singleElement().satisfies(timer -> {
            assertThat(timer.action()).isEqualTo(Action.ESCALATE);
            assertThat(timer.level()).isEqualTo(2);
        });
        Effects level2 = fire(Action.ESCALATE, 2, due.plus(Duration.ofMinutes(70)));
        assertThat(only(level2.commands(), RaiseEscalationCommand.class).level()).isEqualTo(2);
        assertThat(level2.timers()).isEmpty(); // level 3 would fall due only after the meet
    }

    @Test
    void aClockAcknowledgedInTimeIsNeverEscalatedNorWarned() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Effects met = event(new ComplaintAcknowledgedEvent(COMPLAINT, "after-sales", "收到", MONDAY_10.plus(
                Duration.ofMinutes(59)), Actor.user("agent-7")));

        assertThat(met.timeline()).anySatisfy(line -> {
            assertThat(line.kind()).isEqualTo(Kind.MET);
            assertThat(line.clockId()).isEqualTo("acknowledge");
        });
        assertThat(clocks.clock("acknowledge").state()).isEqualTo(ClockState.MET);
        assertThat(clocks.clock("acknowledge").metInTime()).isTrue();
        assertThat(fire(Action.WARN, 0, MONDAY_10.plus(Duration.ofMinutes(45))).isEmpty()).isTrue();
        assertThat(fire(Action.ESCALATE, 1, MONDAY_10.plus(Duration.ofHours(1))).isEmpty()).isTrue();
    }

    @Test
    void theEarlyWarningIsAskedForOnce() {
        receive(InfoType.COMPLAINT, MONDAY_10);

        Effects warned = fire(Action.WARN, 0, MONDAY_10.plus(Duration.ofMinutes(45)));
        RaiseDeadlineWarningCommand warning = only(warned.commands(), RaiseDeadlineWarningCommand.class);
        assertThat(warning.clockId()).isEqualTo("acknowledge");
        assertThat(warning.commandId()).isEqualTo("sla-acknowledge-g1-warn");
        assertThat(fire(Action.WARN, 0, MONDAY_10.plus(Duration.ofMinutes(46))).isEmpty()).isTrue();
    }

    @Test
    void aLateWarningTimerAfterTheDeadlineRaisesNoWarning() {
        receive(InfoType.COMPLAINT, MONDAY_10);

        assertThat(fire(Action.WARN, 0, MONDAY_10.plus(Duration.ofMinutes(61))).commands()).isEmpty();
    }

    @Test
    void aMajorComplaintGetsTenWorkingDaysAndTheOldTimersDoNothing() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant fiveDays = clocks.clock("resolve").dueAt();

        Effects classified = event(new ComplaintClassifiedEvent(COMPLAINT, InfoType.COMPLAINT, "after-sales", "major",
                List.of("refund"), "rules@3", 0.93, false, Actor.service("routing-service", "rules@3")));

        Deadline resolve = only(classified.commands(), SetDeadlinesCommand.class).deadlines().get(0);
        assertThat(resolve.clockId()).isEqualTo("resolve");
        assertThat(resolve.dueAt()).isEqualTo(shanghai("2026-03-23T18:00"));
        assertThat(clocks.clock("resolve").generation()).isEqualTo(2);
        assertThat(keeper.onTimer(clocks, new TimerRequest(COMPLAINT, "resolve", 1, Action.ESCALATE, 1, fiveDays),
                fiveDays).isEmpty()).isTrue();
        assertThat(classified.timers()).contains(new TimerRequest(COMPLAINT, "resolve", 2, Action.ESCALATE, 1,
                shanghai("2026-03-23T18:00")));
    }

    @Test
    void classifiedAsAnInquiryTheComplaintClocksStopAndTheInquiryClocksStartFromReceipt() {
        receive(InfoType.COMPLAINT, MONDAY_10);

        Effects classified = event(new ComplaintClassifiedEvent(COMPLAINT, InfoType.INQUIRY, "other", null,
                List.of(), "model@2", 0.8, false, Actor.service("routing-service", "model@2")));

        assertThat(clocks.clock("acknowledge").state()).isEqualTo(ClockState.STOPPED);
        assertThat(clocks.clock("resolve").state()).isEqualTo(ClockState.STOPPED);
        SetDeadlinesCommand set = only(classified.commands(), SetDeadlinesCommand.class);
        assertThat(set.deadlines()).extracting(Deadline::clockId).containsExactly("inquiry-handoff", "inquiry-callback");
        assertThat(set.deadlines().get(0).dueAt()).isEqualTo(MONDAY_10.plus(Duration.ofMinutes(30)));
        assertThat(set.deadlines().get(1).dueAt()).isEqualTo(MONDAY_10.plus(Duration.ofHours(3)));
    }

    @Test
    void aRescueRequestMustReachAServicePointWithinTenMinutes() {
        Effects effects = receive(InfoType.RESCUE_REQUEST, MONDAY_10);

        Deadline handoff = only(only(effects.commands(), SetDeadlinesCommand.class).deadlines());
        assertThat(handoff.clockId()).isEqualTo("rescue-handoff");
        assertThat(handoff.dueAt()).isEqualTo(MONDAY_10.plus(Duration.ofMinutes(10)));

        Effects assigned = event(new DepartmentAssignedEvent(COMPLAINT, "sp-shanghai-03", "urgent", "nearest open",
                "rules@1", MONDAY_10.plus(Duration.ofMinutes(4)), Actor.service("routing-service", "rules@1")));
        assertThat(clocks.clock("rescue-handoff").state()).isEqualTo(ClockState.MET);
        assertThat(assigned.commands()).isEmpty();
    }

    @Test
    void waitingForTheCustomerMovesAWorkingDayDeadlineByTheWorkingTimeSpentWaiting() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        // asked Tuesday 10:00, answered Wednesday 10:00: one full working day (7.5 working hours) spent waiting
        event(new CustomerInformationRequestedEvent(COMPLAINT, "请提供购买发票的照片", shanghai("2026-03-10T10:00"),
                Actor.user("agent-7")));
        assertThat(clocks.clock("resolve").state()).isEqualTo(ClockState.PAUSED);
        assertThat(clocks.clock("acknowledge").state()).isEqualTo(ClockState.RUNNING);
        assertThat(fire("resolve", 1, Action.ESCALATE, 1, shanghai("2026-03-16T18:00")).isEmpty()).isTrue();

        Effects replied = event(new CustomerRepliedEvent(COMPLAINT, "发票照片已上传", shanghai("2026-03-11T10:00"),
                Actor.customer(Channel.EMAIL, "mail-adapter")));

        Deadline resolve = only(only(replied.commands(), SetDeadlinesCommand.class).deadlines());
        assertThat(resolve.dueAt()).isEqualTo(CN.plusWorkingTime(shanghai("2026-03-16T18:00"),
                Duration.ofMinutes(450)));
        assertThat(resolve.dueAt()).isEqualTo(shanghai("2026-03-17T18:00"));
        assertThat(clocks.clock("resolve").state()).isEqualTo(ClockState.RUNNING);
    }

    @Test
    void aPromiseToTheCustomerMovesTheClockAndRecordsWhetherItWasKept() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant promised = shanghai("2026-03-20T12:00");

        Effects extended = event(new ExtensionPromisedEvent(COMPLAINT, "resolve", promised, "等待供应商检测报告",
                Actor.user("dept-head-2")));
        assertThat(only(only(extended.commands(), SetDeadlinesCommand.class).deadlines()).dueAt()).isEqualTo(promised);

        event(new ComplaintResolvedEvent(COMPLAINT, "已更换新机", promised.plus(Duration.ofHours(1)),
                Actor.user("dept-head-2")));
        TrackedClock resolve = clocks.clock("resolve");
        assertThat(resolve.state()).isEqualTo(ClockState.MET);
        assertThat(resolve.metInTime()).isFalse();
        assertThat(resolve.promiseKept()).isFalse();
    }

    @Test
    void aResolutionMeetsTheResolveClockAndStartsTheWrittenFeedbackClock() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant resolvedAt = shanghai("2026-03-12T16:00");

        Effects resolved = event(new ComplaintResolvedEvent(COMPLAINT, "已退款", resolvedAt, Actor.user("agent-7")));

        assertThat(clocks.clock("resolve").metInTime()).isTrue();
        Deadline feedback = only(only(resolved.commands(), SetDeadlinesCommand.class).deadlines());
        assertThat(feedback.clockId()).isEqualTo("result-feedback");
        assertThat(feedback.startedAt()).isEqualTo(resolvedAt);
        assertThat(feedback.dueAt()).isEqualTo(shanghai("2026-03-16T18:00"));
    }

    @Test
    void closingStopsEveryClockAndAReopeningRestartsTheResolveClock() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        event(new ComplaintClosedEvent(COMPLAINT, "客户确认", MONDAY_10.plus(Duration.ofHours(2)), Actor.user("agent-7")));
        assertThat(clocks.clocks()).allSatisfy(c -> assertThat(c.state().active()).isFalse());
        assertThat(fire(Action.ESCALATE, 1, MONDAY_10.plus(Duration.ofHours(2))).isEmpty()).isTrue();

        Instant reopenedAt = shanghai("2026-03-10T09:30");
        Effects reopened = keeper.onEvent(clocks, envelope(new ComplaintReopenedEvent(COMPLAINT, "问题未解决",
                Actor.customer(Channel.PHONE, "ivr")), reopenedAt));

        Deadline resolve = only(only(reopened.commands(), SetDeadlinesCommand.class).deadlines());
        assertThat(resolve.clockId()).isEqualTo("resolve");
        assertThat(resolve.startedAt()).isEqualTo(reopenedAt);
        assertThat(clocks.clock("resolve").generation()).isEqualTo(2);
    }

    @Test
    void theFirstEscalationTheComplaintRecordsCountsAsABreachAgainstTheDepartment() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        event(new DepartmentAssignedEvent(COMPLAINT, "after-sales", "normal", "rule 12", "rules@1",
                MONDAY_10.plusSeconds(30), Actor.service("routing-service", "rules@1")));

        Effects escalated = event(new EscalationRaisedEvent(COMPLAINT, "acknowledge", 1,
                MONDAY_10.plus(Duration.ofHours(1)), "team-lead", Actor.service("sla-timer-service", "default-clocks@1")));

        assertThat(escalated.timeline()).anySatisfy(line -> {
            assertThat(line.kind()).isEqualTo(Kind.BREACHED);
            assertThat(line.department()).isEqualTo("after-sales");
            assertThat(line.clockId()).isEqualTo("acknowledge");
        });
    }

    @Test
    void eventsOfAComplaintWhoseFirstEventWasNeverSeenAreIgnored() {
        Effects effects = event(new ComplaintAcknowledgedEvent(COMPLAINT, "after-sales", "收到", MONDAY_10,
                Actor.user("agent-7")));

        assertThat(effects.isEmpty()).isTrue();
        assertThat(clocks.known()).isFalse();
    }


    @Test
    void aResumeThatMovesTheDeadlineStartsANewGenerationSoTheOldTimersCannotFireEarly() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant oldDue = shanghai("2026-03-16T18:00");
        event(new CustomerInformationRequestedEvent(COMPLAINT, "请提供发票", shanghai("2026-03-10T10:00"),
                Actor.user("agent-7")));
        Effects replied = event(new CustomerRepliedEvent(COMPLAINT, "已上传", shanghai("2026-03-11T10:00"),
                Actor.customer(Channel.EMAIL, "mail-adapter")));

        TrackedClock resolve = clocks.clock("resolve");
        assertThat(resolve.generation()).isEqualTo(2);
        assertThat(replied.timers()).contains(new TimerRequest(COMPLAINT, "resolve", 2, Action.ESCALATE, 1,
                shanghai("2026-03-17T18:00")));
        // the first generation's timer, still set in the database, does nothing at the old due time
        assertThat(fire("resolve", 1, Action.ESCALATE, 1, oldDue).isEmpty()).isTrue();
    }

    @Test
    void aTimerThatFiresBeforeItsMomentSetsItselfAgainForTheRightMoment() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant due = MONDAY_10.plus(Duration.ofHours(1));

        Effects early = fire(Action.ESCALATE, 1, due.minusSeconds(30));

        assertThat(early.commands()).isEmpty();
        assertThat(early.timers()).containsExactly(
                new TimerRequest(COMPLAINT, "acknowledge", 1, Action.ESCALATE, 1, due));
        assertThat(escalation(fire(Action.ESCALATE, 1, due)).level()).isEqualTo(1);
    }

    @Test
    void classifiedBackAsAComplaintTheComplaintClocksRunAgainFromReceipt() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        event(new ComplaintClassifiedEvent(COMPLAINT, InfoType.INQUIRY, "other", null, List.of(), "model@2", 0.6,
                false, Actor.service("routing-service", "model@2")));

        Effects corrected = event(new ComplaintClassifiedEvent(COMPLAINT, InfoType.COMPLAINT, "after-sales", null,
                List.of(), "person", null, true, Actor.user("supervisor-1")));

        SetDeadlinesCommand set = only(corrected.commands(), SetDeadlinesCommand.class);
        assertThat(set.deadlines()).extracting(Deadline::clockId).containsExactly("acknowledge", "resolve");
        assertThat(set.deadlines()).allSatisfy(d -> assertThat(d.startedAt()).isEqualTo(MONDAY_10));
        assertThat(clocks.clock("inquiry-handoff").state()).isEqualTo(ClockState.STOPPED);
    }

    @Test
    void anEscalationRefusedAsNotYetDueIsAskedForAgainAfterTheComplaintsClockCatchesUp() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant due = MONDAY_10.plus(Duration.ofHours(1));
        fire(Action.ESCALATE, 1, due);

        Effects dismissed = event(new EscalationDismissedEvent(COMPLAINT, "acknowledge", 1,
                "clock acknowledge is not due until " + due, Actor.service("sla-timer-service", "default-clocks@1")));

        assertThat(dismissed.timers()).singleElement().satisfies(t -> {
            assertThat(t.level()).isEqualTo(1);
            assertThat(t.at()).isAfter(due);
        });
        assertThat(escalation(fire(Action.ESCALATE, 1, due.plusSeconds(3))).level()).isEqualTo(1);
    }

    @Test
    void aPromiseMadeWhileWaitingForTheCustomerAlreadyAllowsForTheWaitSoFar() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        event(new CustomerInformationRequestedEvent(COMPLAINT, "请提供发票", shanghai("2026-03-10T10:00"),
                Actor.user("agent-7")));
        Instant promised = shanghai("2026-03-20T12:00");
        keeper.onEvent(clocks, envelope(new ExtensionPromisedEvent(COMPLAINT, null, promised, "等待检测报告",
                Actor.user("dept-head-2")), shanghai("2026-03-12T10:00")));
        assertThat(clocks.clock("acknowledge").promisedEta()).as("a promise naming no clock is about the result")
                .isNull();

        event(new CustomerRepliedEvent(COMPLAINT, "已上传", shanghai("2026-03-13T10:00"),
                Actor.customer(Channel.EMAIL, "mail-adapter")));

        // only the working day waited after the promise moves it: Fri 12:00 + 7.5 working hours = Mon 12:00
        assertThat(clocks.clock("resolve").dueAt()).isEqualTo(shanghai("2026-03-23T12:00"));
    }

    @Test
    void aDepartmentIsCountedOnceForAMissedDeadlineHoweverManyRungsFollow() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Actor sla = Actor.service("sla-timer-service", "default-clocks@1");
        Instant due = MONDAY_10.plus(Duration.ofHours(1));

        Effects first = event(new EscalationRaisedEvent(COMPLAINT, "acknowledge", 1, due, "team-lead", sla));
        Effects second = event(new EscalationRaisedEvent(COMPLAINT, "acknowledge", 2, due, "department-head", sla));

        assertThat(first.timeline()).extracting(TimelineEntry::kind).contains(Kind.BREACHED);
        assertThat(second.timeline()).extracting(TimelineEntry::kind).doesNotContain(Kind.BREACHED);
    }

    @Test
    void aClockStartedAfterTheFactIsMetByWhatAlreadyHappened() {
        receive(InfoType.INQUIRY, MONDAY_10);
        event(new ComplaintAcknowledgedEvent(COMPLAINT, "after-sales", "收到", MONDAY_10.plus(Duration.ofMinutes(5)),
                Actor.user("agent-7")));

        Effects classified = event(new ComplaintClassifiedEvent(COMPLAINT, InfoType.COMPLAINT, "after-sales", null,
                List.of(), "person", null, true, Actor.user("supervisor-1")));

        assertThat(clocks.clock("acknowledge").state()).isEqualTo(ClockState.MET);
        assertThat(clocks.clock("acknowledge").metInTime()).isTrue();
        assertThat(only(classified.commands(), SetDeadlinesCommand.class).deadlines()).extracting(Deadline::clockId)
                .containsExactly("resolve");
    }

    @Test
    void aClockMetWhilePausedIsInTimeWhenTheWaitAccountsForTheDelay() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        event(new CustomerInformationRequestedEvent(COMPLAINT, "请提供发票", shanghai("2026-03-10T10:00"),
                Actor.user("agent-7")));

        // resolved while still waiting, half a day after the original due time but within due + wait
        event(new ComplaintResolvedEvent(COMPLAINT, "已退款", shanghai("2026-03-17T11:00"), Actor.user("agent-7")));

        assertThat(clocks.clock("resolve").state()).isEqualTo(ClockState.MET);
        assertThat(clocks.clock("resolve").metInTime()).isTrue();
    }

    @Test
    void aPromiseYearsAwayStillMovesTheClockWithoutAWarning() {
        receive(InfoType.COMPLAINT, MONDAY_10);
        Instant farAway = Instant.parse("2040-01-01T00:00:00Z");

        Effects extended = event(new ExtensionPromisedEvent(COMPLAINT, "resolve", farAway, "等待法院判决",
                Actor.user("legal-1")));

        Deadline resolve = only(only(extended.commands(), SetDeadlinesCommand.class).deadlines());
        assertThat(resolve.dueAt()).isEqualTo(farAway);
        assertThat(resolve.warnAt()).isNull();
    }

    @Test
    void aDueTimeInAYearWithoutAHolidayNoticeIsWorkedOutAgainWhenTheNoticeIsStored() {
        Instant december = shanghai("2026-12-21T10:00");
        receive(InfoType.COMPLAINT, december);
        // 15 working days from 21 December reach into 2027, which cn-mainland@1 does not cover
        event(new ComplaintClassifiedEvent(COMPLAINT, InfoType.COMPLAINT, "after-sales", "special", List.of(),
                "rules@1", 0.9, false, Actor.service("routing-service", "rules@1")));
        assertThat(clocks.clock("resolve").calendarGap()).isTrue();
        assertThat(clocks.clock("resolve").dueAt()).isEqualTo(shanghai("2027-01-11T18:00"));

        rules.calendar = new BusinessCalendar(CN.document().withYear(new CalendarDocument.YearEntry(2027,
                "test notice", List.of(new CalendarDocument.NamedDate(LocalDate.parse("2027-01-01"), "元旦")),
                List.of())), "cn-mainland@2");
        Effects recalendared = keeper.recalendar(clocks, december.plus(Duration.ofDays(1)));

        Deadline resolve = only(only(recalendared.commands(), SetDeadlinesCommand.class).deadlines());
        assertThat(resolve.dueAt()).isEqualTo(shanghai("2027-01-12T18:00"));
        assertThat(resolve.calendarVersion()).isEqualTo("cn-mainland@2");
        assertThat(clocks.clock("resolve").calendarGap()).isFalse();
    }

    // ---- helpers

    private Effects receive(InfoType infoType, Instant receivedAt) {
        return keeper.onEvent(clocks, envelope(receivedEvent(infoType, receivedAt), receivedAt.plusSeconds(2)));
    }

    private static ComplaintReceivedEvent receivedEvent(InfoType infoType, Instant receivedAt) {
        return new ComplaintReceivedEvent(COMPLAINT, Channel.WEB, "web-1", receivedAt,
                new Complainant("李伟", null, "li.wei@example.com", null), "快递晚到", "我的包裹晚到了两周。", infoType,
                "parcel", null, null, List.of(), null, null, null, Actor.customer(Channel.WEB, "web-adapter"));
    }

    private Effects event(ComplaintEvent payload) {
        return keeper.onEvent(clocks, envelope(payload, ClockKeeper.eventTime(envelope(payload, MONDAY_10))));
    }

    private ComplaintEventEnvelope envelope(ComplaintEvent payload, Instant occurredAt) {
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(payload.getClass()),
                "1", COMPLAINT, sequence++, occurredAt, "corr-1", "cause-1", payload);
    }

    private Effects fire(Action action, int level, Instant now) {
        return fire("acknowledge", 1, action, level, now);
    }

    private Effects fire(String clockId, int generation, Action action, int level, Instant now) {
        return keeper.onTimer(clocks, new TimerRequest(COMPLAINT, clockId, generation, action, level, now), now);
    }

    private static RaiseEscalationCommand escalation(Effects effects) {
        return only(effects.commands(), RaiseEscalationCommand.class);
    }

    private static <T> T only(List<ComplaintCommand> commands, Class<T> type) {
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0)).isInstanceOf(type);
        return type.cast(commands.get(0));
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Instant shanghai(String localDateTime) {
        return ZonedDateTime.parse(localDateTime + "+08:00[Asia/Shanghai]").toInstant();
    }

    private static ClockPolicy readDefaultPolicy() {
        try (InputStream in = ClockKeeperTest.class.getResourceAsStream("/policies/default-clocks.json")) {
            return DocumentJson.mapper().readValue(in, ClockPolicy.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class FixedRules implements ClockRules {
        private BusinessCalendar calendar = CN;

        @Override
        public VersionedPolicy policyAt(Instant recordedAt) {
            return new VersionedPolicy("default-clocks@1", DEFAULT_POLICY);
        }

        @Override
        public VersionedPolicy policy(String version) {
            return Optional.of(version).filter("default-clocks@1"::equals)
                    .map(v -> new VersionedPolicy(v, DEFAULT_POLICY)).orElseThrow();
        }

        @Override
        public BusinessCalendar calendarAt(String calendarId, Instant at) {
            return calendar;
        }

        @Override
        public BusinessCalendar calendar(String version) {
            return calendar;
        }
    }
}
