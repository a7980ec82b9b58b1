package io.closedloop.intake.complaint;

import io.closedloop.intake.testing.MovableClock;
import io.closedloop.contract.Actor;
import io.closedloop.contract.SealedPersonalData;
import io.closedloop.contract.event.PersonalDataErasedEvent;
import io.closedloop.intake.privacy.ComplainantSealer;
import io.closedloop.intake.privacy.ErasePersonalDataCommand;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.Money;
import io.closedloop.contract.command.AcknowledgeComplaintCommand;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.command.PayCompensationCommand;
import io.closedloop.contract.command.PromiseExtensionCommand;
import io.closedloop.contract.command.RaiseDeadlineWarningCommand;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.contract.command.ReceiveComplaintCommand;
import io.closedloop.contract.command.RecordCustomerReplyCommand;
import io.closedloop.contract.command.RecordSatisfactionCommand;
import io.closedloop.contract.command.ReopenComplaintCommand;
import io.closedloop.contract.command.ResolveComplaintCommand;
import io.closedloop.contract.command.RequestCustomerInformationCommand;
import io.closedloop.contract.command.TransferComplaintCommand;
import io.closedloop.contract.event.CommandRejectedEvent;
import io.closedloop.contract.event.CompensationApprovedEvent;
import io.closedloop.contract.event.CompensationPaidEvent;
import io.closedloop.contract.event.CompensationProposedEvent;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClosedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintReopenedEvent;
import io.closedloop.contract.event.ComplaintResolvedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.ComplaintWithdrawnEvent;
import io.closedloop.contract.event.CustomerInformationRequestedEvent;
import io.closedloop.contract.event.CustomerRepliedEvent;
import io.closedloop.contract.event.DeadlineWarningRaisedEvent;
import io.closedloop.contract.event.DeadlinesSetEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EscalationDismissedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The complaint's rules, given its past events, when a command arrives. */
class ComplaintTest {

    static final String ID = "6f1c1a52-3f0e-3c55-9f64-3f3f7d3c0a11";
    static final Instant RECEIVED_AT = Instant.parse("2026-09-30T01:55:00Z");
    static final Instant ACK_DUE = Instant.parse("2026-09-30T02:55:00Z");
    static final Actor CUSTOMER = Actor.customer(Channel.PHONE, "call-centre");
    static final Actor AGENT = Actor.user("agent-7");
    static final Actor SLA = Actor.service("sla-timer-service", "default-clocks@1");
    static final Actor ROUTING = Actor.service("routing-service", "routing-rules@1");

    FixtureConfiguration<Complaint> fixture;
    final MovableClock clock = new MovableClock();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Complaint.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(SEALER);
        at(ACK_DUE.plusSeconds(1));
    }

    void at(Instant now) {
        clock.set(now);
    }


    static ComplaintSubmission submission() {
        return new ComplaintSubmission(Channel.PHONE, "call-001", RECEIVED_AT,
                new Complainant("王芳", "13812345678", null, "C-1001"), "刹车异响",
                "新车刹车有异响，4S店说正常。The brakes squeal.", InfoType.COMPLAINT, "SUV-X", null, null, List.of(),
                "上海市浦东新区", "zh", null);
    }

    /** Seals as intake's key store does, but the same way every time, so that the recorded event can be expected. */
    static final ComplainantSealer SEALER = (complaintId, complainant, words) -> new ComplainantSealer.Sealed(
            new SealedPersonalData("subject-" + complainant.phone(), "TEST", "sealed for " + complaintId),
            words == null ? null : new SealedPersonalData("subject-" + complainant.phone(), "TEST",
                    "words of " + complaintId + ": " + words.text()));

    static ComplaintReceivedEvent received() {
        ComplaintSubmission s = submission();
        return new ComplaintReceivedEvent(ID, s.channel(), s.channelMessageId(), s.receivedAt(), null,
                s.subject(), s.text(), s.infoType(), s.product(), s.orderRef(), s.location(), s.attachments(),
                s.region(), s.language(), s.channelContext(), CUSTOMER,
                SEALER.seal(ID, s.complainant(), null).complainant());
    }

    static DeadlinesSetEvent acknowledgeClock() {
        return new DeadlinesSetEvent(ID, List.of(new Deadline("acknowledge", "ComplaintAcknowledged", RECEIVED_AT,
                ACK_DUE.minusSeconds(600), ACK_DUE, "cn-mainland@2026", "default-clocks@1")), SLA);
    }

    static DepartmentAssignedEvent assigned() {
        return new DepartmentAssignedEvent(ID, "after-sales", "high", "category after-sales", "routing-rules@1",
                RECEIVED_AT.plusSeconds(5), ROUTING);
    }

    static ComplaintAcknowledgedEvent acknowledgedAt(Instant at) {
        return new ComplaintAcknowledgedEvent(ID, "after-sales", "已收到，正在处理", at, AGENT);
    }

    static ComplaintResolvedEvent resolved() {
        return new ComplaintResolvedEvent(ID, "更换刹车片 replaced the brake pads", ACK_DUE.plusSeconds(3600), AGENT);
    }

    static ComplaintClosedEvent closed() {
        return new ComplaintClosedEvent(ID, "customer confirmed", ACK_DUE.plusSeconds(7200), AGENT);
    }

    static RaiseEscalationCommand escalate(int level) {
        return new RaiseEscalationCommand("esc-" + level, ID, "acknowledge", level, ACK_DUE, "team-lead", SLA);
    }

    @Test
    void receivingAComplaintStartsItsStreamWithTheCustomersOwnTime() {
        fixture.givenNoPriorActivity()
                .when(new ReceiveComplaintCommand("cmd-1", ID, submission(), CUSTOMER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(received());
    }

    @Test
    void recordsTheComplainantOnlySealed() {
        fixture.givenNoPriorActivity()
                .when(new ReceiveComplaintCommand("cmd-1", ID, submission(), CUSTOMER))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(event ->
                                        event instanceof ComplaintReceivedEvent r && r.complainant() == null
                                                && r.sealedComplainant() != null
                                                && r.subjectId().equals("subject-" + submission().complainant().phone())),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void masksThePersonalDetailsTypedIntoTheWordsAndSealsTheWordsAsWritten() {
        ComplaintSubmission s = submission();
        String written = "我是王芳，请打13987654321或写信到 wang.fang@example.cn 联系我。The brakes squeal.";
        ComplaintSubmission withDetails = new ComplaintSubmission(s.channel(), s.channelMessageId(), s.receivedAt(),
                s.complainant(), s.subject(), written, s.infoType(), s.product(), s.orderRef(), s.location(),
                s.attachments(), s.region(), s.language(), s.channelContext());

        fixture.givenNoPriorActivity()
                .when(new ReceiveComplaintCommand("cmd-1", ID, withDetails, CUSTOMER))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.predicate(event ->
                                        event instanceof ComplaintReceivedEvent r
                                                && r.text().equals("我是王*，请打139****4321或写信到 w***@example.cn 联系我。"
                                                        + "The brakes squeal.")
                                                && r.subject().equals(s.subject())
                                                && r.sealedWords().ciphertext().equals(
                                                        "words of " + ID + ": " + written)),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void anErasureIsRecordedOncePerSubjectWhateverTheComplaintsState() {
        String subject = received().subjectId();
        at(ACK_DUE.plusSeconds(9000));
        fixture.given(received(), assigned(), resolved(), closed())
                .when(new ErasePersonalDataCommand(ID, subject, "PIPL-2026-7", Actor.user("wu.min")))
                .expectEvents(new PersonalDataErasedEvent(ID, subject, ACK_DUE.plusSeconds(9000), "PIPL-2026-7",
                        Actor.user("wu.min")));
        fixture.given(received(), new PersonalDataErasedEvent(ID, subject, ACK_DUE, "PIPL-2026-7",
                        Actor.user("wu.min")))
                .when(new ErasePersonalDataCommand(ID, subject, "again", Actor.user("wu.min")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void escalatesWhenAcknowledgementIsLate() {
        fixture.given(received(), assigned(), acknowledgeClock())
                .when(escalate(1))
                .expectResultMessagePayload(CommandOutcome.ACCEPTED)
                .expectEvents(new EscalationRaisedEvent(ID, "acknowledge", 1, ACK_DUE, "team-lead", SLA));
    }

    @Test
    void refusesAndRecordsAnEscalationForADeadlineMetBeforeItFellDue() {
        Instant lastSecond = ACK_DUE.minusSeconds(1);
        fixture.given(received(), assigned(), acknowledgeClock(), acknowledgedAt(lastSecond))
                .when(escalate(1))
                .expectResultMessagePayload(CommandOutcome.rejected(
                        "clock acknowledge was met at " + lastSecond + ", before it fell due at " + ACK_DUE))
                .expectEvents(new EscalationDismissedEvent(ID, "acknowledge", 1,
                        "clock acknowledge was met at " + lastSecond + ", before it fell due at " + ACK_DUE, SLA));
    }

    @Test
    void stillEscalatesADeadlineThatWasMetOnlyAfterItFellDue() {
        fixture.given(received(), assigned(), acknowledgeClock(), acknowledgedAt(ACK_DUE.plusMillis(1)))
                .when(escalate(1))
                .expectEvents(new EscalationRaisedEvent(ID, "acknowledge", 1, ACK_DUE, "team-lead", SLA));
    }

    @Test
    void refusesAnEscalationThatArrivesBeforeTheDeadlineIsDue() {
        at(ACK_DUE.minusSeconds(30));
        fixture.given(received(), acknowledgeClock())
                .when(escalate(1))
                .expectEvents(new EscalationDismissedEvent(ID, "acknowledge", 1,
                        "clock acknowledge is not due until " + ACK_DUE, SLA));
    }

    @Test
    void escalatesOneLevelHigherEachTimeAndNeverTheSameLevelTwice() {
        fixture.given(received(), acknowledgeClock(),
                        new EscalationRaisedEvent(ID, "acknowledge", 1, ACK_DUE, "team-lead", SLA))
                .when(escalate(1))
                .expectEvents(new EscalationDismissedEvent(ID, "acknowledge", 1, "already escalated to level 1", SLA));
        fixture.given(received(), acknowledgeClock(),
                        new EscalationRaisedEvent(ID, "acknowledge", 1, ACK_DUE, "team-lead", SLA))
                .when(new RaiseEscalationCommand("esc-2", ID, "acknowledge", 2, ACK_DUE, "department-head", SLA))
                .expectEvents(new EscalationRaisedEvent(ID, "acknowledge", 2, ACK_DUE, "department-head", SLA));
    }

    @Test
    void refusesEscalationForAClosedComplaint() {
        fixture.given(received(), acknowledgeClock(), resolved(), closed())
                .when(escalate(1))
                .expectEvents(new EscalationDismissedEvent(ID, "acknowledge", 1, "complaint is closed", SLA));
    }

    @Test
    void refusesEscalationForAClockItNeverHad() {
        fixture.given(received())
                .when(escalate(1))
                .expectEvents(new EscalationDismissedEvent(ID, "acknowledge", 1, "unknown clock acknowledge", SLA));
    }

    @Test
    void warnsBeforeADeadlineOnlyWhileItIsUnmet() {
        at(ACK_DUE.minusSeconds(600));
        fixture.given(received(), acknowledgeClock())
                .when(new RaiseDeadlineWarningCommand("w-1", ID, "acknowledge", ACK_DUE, SLA))
                .expectEvents(new DeadlineWarningRaisedEvent(ID, "acknowledge", ACK_DUE, ACK_DUE.minusSeconds(600), SLA));
        Instant ackAt = ACK_DUE.minusSeconds(900);
        fixture.given(received(), acknowledgeClock(), acknowledgedAt(ackAt))
                .when(new RaiseDeadlineWarningCommand("w-1", ID, "acknowledge", ACK_DUE, SLA))
                .expectEvents(new CommandRejectedEvent(ID, "RaiseDeadlineWarning", "w-1",
                        "clock acknowledge was met at " + ackAt + ", before it fell due at " + ACK_DUE, SLA));
    }

    @Test
    void acceptsNothingButAReopeningOrSatisfactionAfterItIsClosed() {
        fixture.given(received(), assigned(), resolved(), closed())
                .when(new NoteProgressCommand("n-1", ID, "late note", AGENT))
                .expectEvents(new CommandRejectedEvent(ID, "NoteProgress", "n-1", "complaint is closed", AGENT));
        fixture.given(received(), assigned(), resolved(), closed())
                .when(new ReopenComplaintCommand("r-1", ID, "customer not satisfied 不满意", AGENT))
                .expectEvents(new ComplaintReopenedEvent(ID, "customer not satisfied 不满意", AGENT));
        fixture.given(received(), assigned(), resolved(), closed())
                .when(new RecordSatisfactionCommand("s-1", ID, 2, "太慢了", "phone", AGENT))
                .expectEvents(new SatisfactionRecordedEvent(ID, 2, "太慢了", "phone", AGENT));
    }

    @Test
    void aWithdrawnComplaintAcceptsNothingAtAll() {
        ComplaintWithdrawnEvent withdrawn = new ComplaintWithdrawnEvent(ID, "resolved with the dealer", CUSTOMER);
        fixture.given(received(), withdrawn)
                .when(new ReopenComplaintCommand("r-1", ID, "again", AGENT))
                .expectEvents(new CommandRejectedEvent(ID, "ReopenComplaint", "r-1",
                        "only a resolved or closed complaint can be reopened; it is withdrawn", AGENT));
    }

    @Test
    void isAssignedOnceAndThenOnlyTransferredWithAReason() {
        at(RECEIVED_AT.plusSeconds(5));
        fixture.given(received())
                .when(new AssignDepartmentCommand("a-1", ID, "after-sales", "high", "category after-sales",
                        "routing-rules@1", ROUTING))
                .expectEvents(assigned());
        fixture.given(received(), assigned())
                .when(new AssignDepartmentCommand("a-2", ID, "quality", "high", "x", "routing-rules@1", ROUTING))
                .expectEvents(new CommandRejectedEvent(ID, "AssignDepartment", "a-2",
                        "already assigned to after-sales; transfer it instead", ROUTING));
        fixture.given(received(), assigned())
                .when(new TransferComplaintCommand("t-1", ID, "quality", "a part failure, not service", AGENT))
                .expectEvents(new ComplaintTransferredEvent(ID, "after-sales", "quality", "a part failure, not service",
                        AGENT));
    }

    @Test
    void isAcknowledgedOnlyOnce() {
        Instant first = ACK_DUE.minusSeconds(100);
        fixture.given(received(), assigned(), acknowledgedAt(first))
                .when(new AcknowledgeComplaintCommand("k-2", ID, "after-sales", "again", AGENT))
                .expectEvents(new CommandRejectedEvent(ID, "AcknowledgeComplaint", "k-2",
                        "already acknowledged at " + first, AGENT));
    }

    @Test
    void paysCompensationOnlyAfterItWasProposedAndApproved() {
        Money amount = new Money(new BigDecimal("500.00"), "CNY");
        fixture.given(received(), assigned())
                .when(new PayCompensationCommand("p-1", ID, "comp-1", amount, "PAY-9", AGENT))
                .expectEvents(new CommandRejectedEvent(ID, "PayCompensation", "p-1",
                        "compensation comp-1 is not approved", AGENT));
        fixture.given(received(), assigned(),
                        new CompensationProposedEvent(ID, "comp-1", "voucher", amount, "inconvenience", AGENT),
                        new CompensationApprovedEvent(ID, "comp-1", amount, "manager-2", AGENT))
                .when(new PayCompensationCommand("p-1", ID, "comp-1", amount, "PAY-9", AGENT))
                .expectEvents(new CompensationPaidEvent(ID, "comp-1", amount, "PAY-9", AGENT));
    }

    @Test
    void refusesASatisfactionScoreOutsideOneToFive() {
        fixture.given(received(), resolved())
                .when(new RecordSatisfactionCommand("s-1", ID, 6, "", "online", CUSTOMER))
                .expectEvents(new CommandRejectedEvent(ID, "RecordSatisfaction", "s-1", "score must be 1 to 5, was 6",
                        CUSTOMER));
    }

    @Test
    void anExtensionNeedsAFutureTimeAndAReason() {
        at(ACK_DUE);
        fixture.given(received(), assigned())
                .when(new PromiseExtensionCommand("e-1", ID, null, ACK_DUE.minusSeconds(1), "parts on order", AGENT))
                .expectEvents(new CommandRejectedEvent(ID, "PromiseExtension", "e-1",
                        "the new expected time " + ACK_DUE.minusSeconds(1) + " is not in the future", AGENT));
        Instant eta = ACK_DUE.plusSeconds(86_400 * 3);
        fixture.given(received(), assigned())
                .when(new PromiseExtensionCommand("e-1", ID, null, eta, "零件缺货 parts on order", AGENT))
                .expectEvents(new ExtensionPromisedEvent(ID, null, eta, "零件缺货 parts on order", AGENT));
    }

    static DeadlinesSetEvent resolveClock(Instant due) {
        return new DeadlinesSetEvent(ID, List.of(new Deadline("resolve", "ComplaintResolved", RECEIVED_AT, null, due,
                "cn-mainland@2026", "default-clocks@1")), SLA);
    }

    @Test
    void aReopeningRetiresTheClocksItsResolutionMetSoNoSpuriousEscalationFollows() {
        Instant due = ACK_DUE.plusSeconds(7200); // resolved() happened an hour before this
        at(due.plusSeconds(60));
        fixture.given(received(), assigned(), resolveClock(due), resolved(),
                        new ComplaintReopenedEvent(ID, "customer not satisfied", AGENT))
                .when(new RaiseEscalationCommand("esc-r", ID, "resolve", 1, due, "team-lead", SLA))
                .expectEvents(new EscalationDismissedEvent(ID, "resolve", 1, "unknown clock resolve", SLA));
    }

    @Test
    void aClockSetAgainStartsAfreshAndCanBeEscalatedAgain() {
        Instant newDue = ACK_DUE.plusSeconds(3600);
        at(newDue.plusSeconds(1));
        DeadlinesSetEvent restarted = new DeadlinesSetEvent(ID, List.of(new Deadline("acknowledge",
                "ComplaintAcknowledged", RECEIVED_AT, null, newDue, "cn-mainland@2026", "default-clocks@2")), SLA);
        fixture.given(received(), acknowledgeClock(),
                        new EscalationRaisedEvent(ID, "acknowledge", 1, ACK_DUE, "team-lead", SLA), restarted)
                .when(escalate(1))
                .expectEvents(new EscalationRaisedEvent(ID, "acknowledge", 1, newDue, "team-lead", SLA));
    }

    static final String ALLOWED = "DepartmentAssigned, ComplaintAcknowledged, ProgressNoted, "
            + "CustomerInformationRequested, CustomerReplied, ComplaintResolved, ResultFeedbackSent, ComplaintClosed";

    @Test
    void refusesAClockThatNoComplaintEventCanMeet() {
        fixture.given(received())
                .when(new SetDeadlinesCommand("d-1", ID, List.of(new Deadline("acknowledge",
                        "ComplaintAcknowledgedEvent", RECEIVED_AT, null, ACK_DUE, "cn@2026", "p@1")), SLA))
                .expectEvents(new CommandRejectedEvent(ID, "SetDeadlines", "d-1", "clock acknowledge: satisfiedBy "
                        + "'ComplaintAcknowledgedEvent' cannot satisfy a clock; it must be one of " + ALLOWED, SLA));
    }

    @Test
    void refusesAClockSatisfiedByAnEventTypeThatIsRegisteredButRecordsNoMilestone() {
        Deadline ack = acknowledgeClock().deadlines().get(0);
        Deadline extension = new Deadline("promise", "ExtensionPromised", RECEIVED_AT, null, ACK_DUE, "cn@2026",
                "p@1");
        fixture.given(received())
                .when(new SetDeadlinesCommand("d-1", ID, List.of(ack, extension), SLA))
                .expectEvents(new CommandRejectedEvent(ID, "SetDeadlines", "d-1", "clock promise: satisfiedBy "
                        + "'ExtensionPromised' cannot satisfy a clock; it must be one of " + ALLOWED, SLA));
    }

    @Test
    void acceptsAClockSatisfiedByEveryClockSatisfyingEventType() {
        List<Deadline> clocks = Deadline.SATISFYING_EVENTS.stream()
                .map(type -> new Deadline("clock-" + type, type, RECEIVED_AT, null, ACK_DUE, "cn@2026", "p@1"))
                .toList();
        fixture.given(received())
                .when(new SetDeadlinesCommand("d-1", ID, clocks, SLA))
                .expectResultMessagePayload(CommandOutcome.ACCEPTED)
                .expectEvents(new DeadlinesSetEvent(ID, clocks, SLA));
    }

    // ---- clocks satisfied by any milestone ----------------------------------------------------------------------

    static DeadlinesSetEvent clock(String clockId, String satisfiedBy, Instant due) {
        return new DeadlinesSetEvent(ID, List.of(new Deadline(clockId, satisfiedBy, RECEIVED_AT, null, due,
                "cn-mainland@2026", "default-clocks@1")), SLA);
    }

    static RaiseEscalationCommand escalate(String clockId, Instant due) {
        return new RaiseEscalationCommand("esc-" + clockId, ID, clockId, 1, due, "team-lead", SLA);
    }

    @Test
    void aClockSatisfiedByProgressNotedAndMetInTimeRefusesTheEscalation() {
        Instant notedAt = ACK_DUE.minusSeconds(120); // ProgressNoted carries no time: the message's own time counts
        at(ACK_DUE.plusSeconds(60));
        fixture.given(received(), assigned(), clock("first-update", "ProgressNoted", ACK_DUE))
                .andGivenCurrentTime(notedAt)
                .andGiven(new ProgressNotedEvent(ID, "已联系客户 called the customer", AGENT))
                .when(escalate("first-update", ACK_DUE))
                .expectResultMessagePayload(CommandOutcome.rejected("clock first-update was met at " + notedAt
                        + ", before it fell due at " + ACK_DUE))
                .expectEvents(new EscalationDismissedEvent(ID, "first-update", 1, "clock first-update was met at "
                        + notedAt + ", before it fell due at " + ACK_DUE, SLA));
    }

    @Test
    void aClockSatisfiedByProgressNotedStillEscalatesWhenTheNoteCameOnlyAfterItFellDue() {
        at(ACK_DUE.plusSeconds(600));
        fixture.given(received(), assigned(), clock("first-update", "ProgressNoted", ACK_DUE))
                .andGivenCurrentTime(ACK_DUE.plusSeconds(1))
                .andGiven(new ProgressNotedEvent(ID, "too late", AGENT))
                .when(escalate("first-update", ACK_DUE))
                .expectEvents(new EscalationRaisedEvent(ID, "first-update", 1, ACK_DUE, "team-lead", SLA));
    }

    @Test
    void aProgressNoteWrittenBeforeAClockStartedDoesNotMeetIt() {
        Instant clockStart = RECEIVED_AT.plusSeconds(600);
        at(ACK_DUE.plusSeconds(60));
        fixture.given(received(), assigned())
                .andGivenCurrentTime(RECEIVED_AT.plusSeconds(60))
                .andGiven(new ProgressNotedEvent(ID, "an early note", AGENT),
                        new DeadlinesSetEvent(ID, List.of(new Deadline("reply", "ProgressNoted", clockStart, null,
                                ACK_DUE, "cn-mainland@1", "default-clocks@1")), SLA))
                .when(escalate("reply", ACK_DUE))
                .expectEvents(new EscalationRaisedEvent(ID, "reply", 1, ACK_DUE, "team-lead", SLA));
    }

    /** One event of each clock-satisfying type, each happening a minute before {@link #ACK_DUE}. */
    static final Map<String, ComplaintEvent> MILESTONES_IN_TIME = Map.of(
            "DepartmentAssigned", new DepartmentAssignedEvent(ID, "after-sales", "high", "rule", "routing-rules@1",
                    ACK_DUE.minusSeconds(60), ROUTING),
            "ComplaintAcknowledged", acknowledgedAt(ACK_DUE.minusSeconds(60)),
            "ProgressNoted", new ProgressNotedEvent(ID, "called", AGENT),
            "CustomerInformationRequested", new CustomerInformationRequestedEvent(ID, "请提供购买发票的照片",
                    ACK_DUE.minusSeconds(60), AGENT),
            "CustomerReplied", new CustomerRepliedEvent(ID, "已上传", ACK_DUE.minusSeconds(60), CUSTOMER),
            "ComplaintResolved", new ComplaintResolvedEvent(ID, "fixed", ACK_DUE.minusSeconds(60), AGENT),
            "ResultFeedbackSent", new ResultFeedbackSentEvent(ID, "email", "fixed", ACK_DUE.minusSeconds(60), AGENT),
            "ComplaintClosed", new ComplaintClosedEvent(ID, "confirmed", ACK_DUE.minusSeconds(60), AGENT));

    static Stream<String> clockSatisfyingEvents() {
        return Deadline.SATISFYING_EVENTS.stream();
    }

    /** Guards the set: a type added to it without a milestone here would make its clocks look missed forever. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clockSatisfyingEvents")
    void everyClockSatisfyingEventRecordsTheTimeItHappenedAsAMilestone(String type) {
        ComplaintEvent event = MILESTONES_IN_TIME.get(type);
        assertThat(event).as("a sample " + type + " event in MILESTONES_IN_TIME").isNotNull();
        assertThat(ComplaintEvent.typeName(event.getClass())).isEqualTo(type);
        Instant metAt = ACK_DUE.minusSeconds(60);
        fixture.given(received(), clock("c", type, ACK_DUE))
                .andGivenCurrentTime(metAt) // the message time, which only ProgressNoted goes by
                .andGiven(event)
                .when(new RaiseDeadlineWarningCommand("w-1", ID, "c", ACK_DUE, SLA))
                .expectState(complaint -> assertThat(complaint).extracting("milestones")
                        .asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsEntry(type, List.of(metAt)));
    }

    // ---- waiting for the customer -------------------------------------------------------------------------------

    static final Instant ASKED_AT = ACK_DUE.plusSeconds(1800);
    static final String QUESTION = "请提供购买发票的照片 / please send a photo of the purchase invoice";

    static CustomerInformationRequestedEvent requested() {
        return new CustomerInformationRequestedEvent(ID, QUESTION, ASKED_AT, AGENT);
    }

    static RequestCustomerInformationCommand ask(String question) {
        return new RequestCustomerInformationCommand("q-1", ID, question, AGENT);
    }

    static RecordCustomerReplyCommand reply(String reply) {
        return new RecordCustomerReplyCommand("re-1", ID, reply, AGENT);
    }

    @Test
    void askingTheCustomerForInformationRecordsTheQuestionAtTheComplaintsTimeAndWaits() {
        at(ASKED_AT);
        fixture.given(received(), assigned(), acknowledgedAt(ACK_DUE.minusSeconds(60)))
                .when(ask(QUESTION))
                .expectResultMessagePayload(CommandOutcome.ACCEPTED)
                .expectEvents(requested())
                .expectState(complaint -> assertThat(complaint).extracting("waitingForCustomer").isEqualTo(true));
    }

    @Test
    void asksAnotherQuestionWhileAlreadyWaitingForTheCustomer() {
        at(ASKED_AT.plusSeconds(60));
        fixture.given(received(), assigned(), requested())
                .when(new RequestCustomerInformationCommand("q-2", ID, "请同时提供行驶证照片", AGENT))
                .expectResultMessagePayload(CommandOutcome.ACCEPTED)
                .expectEvents(new CustomerInformationRequestedEvent(ID, "请同时提供行驶证照片", ASKED_AT.plusSeconds(60),
                        AGENT))
                .expectState(complaint -> assertThat(complaint).extracting("waitingForCustomer").isEqualTo(true));
    }

    @Test
    void refusesToAskTheCustomerAboutAClosedOrWithdrawnComplaint() {
        fixture.given(received(), assigned(), resolved(), closed())
                .when(ask(QUESTION))
                .expectResultMessagePayload(CommandOutcome.rejected("complaint is closed"))
                .expectEvents(new CommandRejectedEvent(ID, "RequestCustomerInformation", "q-1", "complaint is closed",
                        AGENT));
        fixture.given(received(), new ComplaintWithdrawnEvent(ID, "fixed at the dealer", CUSTOMER))
                .when(ask(QUESTION))
                .expectEvents(new CommandRejectedEvent(ID, "RequestCustomerInformation", "q-1",
                        "complaint is withdrawn", AGENT));
    }

    @Test
    void refusesToAskTheCustomerABlankQuestion() {
        fixture.given(received(), assigned())
                .when(ask("  \n "))
                .expectResultMessagePayload(CommandOutcome.rejected("the question is empty"))
                .expectEvents(new CommandRejectedEvent(ID, "RequestCustomerInformation", "q-1", "the question is empty",
                        AGENT))
                .expectState(complaint -> assertThat(complaint).extracting("waitingForCustomer").isEqualTo(false));
        fixture.given(received(), assigned())
                .when(ask(null))
                .expectEvents(new CommandRejectedEvent(ID, "RequestCustomerInformation", "q-1", "the question is empty",
                        AGENT));
    }

    @Test
    void recordsTheCustomersReplyAtTheComplaintsTimeAndStopsWaiting() {
        Instant answeredAt = ASKED_AT.plusSeconds(86_400);
        at(answeredAt);
        fixture.given(received(), assigned(), requested())
                .when(reply("发票照片已上传 / uploaded the photo"))
                .expectResultMessagePayload(CommandOutcome.ACCEPTED)
                .expectEvents(new CustomerRepliedEvent(ID, "发票照片已上传 / uploaded the photo", answeredAt, AGENT))
                .expectState(complaint -> assertThat(complaint).extracting("waitingForCustomer").isEqualTo(false));
    }

    @Test
    void refusesAReplyOnAClosedComplaint() {
        fixture.given(received(), assigned(), resolved(), requested(), closed())
                .when(reply("too late"))
                .expectResultMessagePayload(CommandOutcome.rejected("complaint is closed"))
                .expectEvents(new CommandRejectedEvent(ID, "RecordCustomerReply", "re-1", "complaint is closed", AGENT));
    }

    @Test
    void refusesABlankReply() {
        fixture.given(received(), assigned(), requested())
                .when(reply(" "))
                .expectResultMessagePayload(CommandOutcome.rejected("the reply is empty"))
                .expectEvents(new CommandRejectedEvent(ID, "RecordCustomerReply", "re-1", "the reply is empty", AGENT))
                .expectState(complaint -> assertThat(complaint).extracting("waitingForCustomer").isEqualTo(true));
    }

    @Test
    void refusesAReplyWhenNoInformationWasRequestedFromTheCustomer() {
        fixture.given(received(), assigned())
                .when(reply("here is the photo"))
                .expectResultMessagePayload(CommandOutcome.rejected("no information was requested from the customer"))
                .expectEvents(new CommandRejectedEvent(ID, "RecordCustomerReply", "re-1",
                        "no information was requested from the customer", AGENT));
    }

    @Test
    void refusesASecondReplyToAQuestionAlreadyAnswered() {
        fixture.given(received(), assigned(), requested(),
                        new CustomerRepliedEvent(ID, "uploaded", ASKED_AT.plusSeconds(60), CUSTOMER))
                .when(reply("uploaded again"))
                .expectEvents(new CommandRejectedEvent(ID, "RecordCustomerReply", "re-1",
                        "no information was requested from the customer", AGENT));
    }

    @Test
    void aResolutionRecordsWhatTheCustomerIsToldAboutItsEffectSuggestionsAndFollowUp() {
        Instant now = ACK_DUE.plusSeconds(7200);
        at(now);
        fixture.given(received(), assigned())
                .when(new ResolveComplaintCommand("res-1", ID, "更换刹车片", "试车无异响", List.of("使用原厂配件"),
                        "一个月后回访", AGENT))
                .expectEvents(new ComplaintResolvedEvent(ID, "更换刹车片", "试车无异响", List.of("使用原厂配件"),
                        "一个月后回访", now, AGENT));
    }

    @Test
    void aResolutionEndsTheWaitSoALateReplyIsRefused() {
        fixture.given(received(), assigned(), requested(), resolved())
                .when(reply("here it is"))
                .expectEvents(new CommandRejectedEvent(ID, "RecordCustomerReply", "re-1",
                        "no information was requested from the customer", AGENT))
                .expectState(complaint -> assertThat(complaint).extracting("waitingForCustomer").isEqualTo(false));
    }

    @Test
    void aReopeningEndsTheWaitForAQuestionAskedBeforeIt() {
        fixture.given(received(), assigned(), resolved(), requested(),
                        new ComplaintReopenedEvent(ID, "the noise came back", CUSTOMER))
                .when(reply("here it is"))
                .expectEvents(new CommandRejectedEvent(ID, "RecordCustomerReply", "re-1",
                        "no information was requested from the customer", AGENT))
                .expectState(complaint -> assertThat(complaint).extracting("waitingForCustomer").isEqualTo(false));
    }

    @Test
    void aLateAssignmentNeitherTurnsBackTheStatusNorReachesAResolvedComplaint() {
        at(ACK_DUE);
        fixture.given(received(), acknowledgedAt(ACK_DUE.minusSeconds(60)))
                .when(new AssignDepartmentCommand("a-1", ID, "quality", "high", "rule", "routing-rules@1", ROUTING))
                .expectSuccessfulHandlerExecution()
                .expectState(complaint -> assertThat(complaint).extracting("status")
                        .isEqualTo(ComplaintStatus.IN_PROGRESS));
        fixture.given(received(), resolved())
                .when(new AssignDepartmentCommand("a-2", ID, "quality", "high", "rule", "routing-rules@1", ROUTING))
                .expectEvents(new CommandRejectedEvent(ID, "AssignDepartment", "a-2", "complaint is resolved", ROUTING));
    }

    @Test
    void derivesTheSameIdForTheSameChannelMessageAndDifferentIdsOtherwise() {
        assertThat(ComplaintIds.forChannelMessage(Channel.EMAIL, "<m1@x>"))
                .isEqualTo(ComplaintIds.forChannelMessage(Channel.EMAIL, "<m1@x>"))
                .isNotEqualTo(ComplaintIds.forChannelMessage(Channel.WEB, "<m1@x>"))
                .isNotEqualTo(ComplaintIds.forChannelMessage(Channel.EMAIL, "<m2@x>"));
    }
}
