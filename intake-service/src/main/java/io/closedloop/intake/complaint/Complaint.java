package io.closedloop.intake.complaint;

import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.command.AcknowledgeComplaintCommand;
import io.closedloop.contract.command.ApproveCompensationCommand;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ClassifyComplaintCommand;
import io.closedloop.contract.command.CloseComplaintCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.MarkDuplicateCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.command.PayCompensationCommand;
import io.closedloop.contract.command.PromiseExtensionCommand;
import io.closedloop.contract.command.ProposeCompensationCommand;
import io.closedloop.contract.command.RaiseDeadlineWarningCommand;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.ReceiveComplaintCommand;
import io.closedloop.contract.command.RecordCustomerReplyCommand;
import io.closedloop.contract.command.RecordResultFeedbackCommand;
import io.closedloop.contract.command.RecordSatisfactionCommand;
import io.closedloop.contract.command.ReopenComplaintCommand;
import io.closedloop.contract.command.RequestCustomerInformationCommand;
import io.closedloop.contract.command.ResolveComplaintCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.contract.command.TransferComplaintCommand;
import io.closedloop.contract.command.WithdrawComplaintCommand;
import io.closedloop.contract.event.CommandRejectedEvent;
import io.closedloop.contract.event.CompensationApprovedEvent;
import io.closedloop.contract.event.CompensationPaidEvent;
import io.closedloop.contract.event.CompensationProposedEvent;
import io.closedloop.contract.event.ComplaintAcknowledgedEvent;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
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
import io.closedloop.contract.event.DuplicateDetectedEvent;
import io.closedloop.contract.event.EscalationDismissedEvent;
import io.closedloop.contract.event.EscalationRaisedEvent;
import io.closedloop.contract.event.ExtensionPromisedEvent;
import io.closedloop.contract.event.PersonalDataErasedEvent;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.event.ResultFeedbackSentEvent;
import io.closedloop.contract.event.SatisfactionRecordedEvent;
import io.closedloop.intake.privacy.ComplainantSealer;
import io.closedloop.intake.privacy.PersonalDetailsInText;
import io.closedloop.contract.ComplaintWords;
import io.closedloop.intake.privacy.ErasePersonalDataCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One customer complaint, from the moment the customer spoke until the loop is closed. Its events, in order, are
 * the complaint's append-only stream, and this class is the only writer of that stream.
 *
 * <p>The complaint does not decide who handles it or when a deadline falls due: routing-service and
 * sla-timer-service decide, and send commands. The complaint is the arbiter of its own rules: it refuses what its
 * lifecycle does not allow (once closed, only what follows a closing: satisfaction, result feedback, compensation,
 * duplicate marking and a reopening; nothing at all once withdrawn), and
 * it refuses escalations for deadlines that were met before they fell due, so no escalation is ever spurious.
 * Every refusal is recorded with its reason, so an auditor can see why nothing happened.
 *
 * <p>A clock is met by the first {@code satisfiedBy} event at or after the clock started (less a few minutes for
 * hosts whose clocks disagree), if that came no later than its due time; only the clock-satisfying event types of
 * {@link Deadline#SATISFYING_EVENTS} may be named, and the complaint records every time each of them happened. Deadline checks use the times recorded in the events (acknowledgedAt, resolvedAt, ...; for
 * ProgressNoted, which carries none, the time the event was recorded), never the time a replay happens to run, so
 * rebuilding the complaint always reaches the same verdicts.
 *
 * <p>While the department waits for the customer's answer to a question (CustomerInformationRequested until
 * CustomerReplied), sla-timer-service pauses the clocks; the complaint only records the facts and refuses a reply
 * that nobody asked for.
 */
@Aggregate
public class Complaint {

    /** Events that a reopening undoes: the complaint must get there again, on new clocks. */
    private static final Set<String> UNDONE_BY_REOPENING = Set.of(
            ComplaintEvent.typeName(ComplaintResolvedEvent.class),
            ComplaintEvent.typeName(ResultFeedbackSentEvent.class),
            ComplaintEvent.typeName(ComplaintClosedEvent.class));

    /**
     * How far the hosts' clocks (and a channel's {@code receivedAt}, which intake takes up to this far in the
     * future) may disagree: a satisfying event this much before a clock's start still meets it.
     */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    @AggregateIdentifier
    private String complaintId;
    private ComplaintStatus status;
    private String department;
    private Instant acknowledgedAt;
    /** The department asked the customer something and has no answer yet: the SLA clocks are paused. */
    private boolean waitingForCustomer;
    /** The clocks the SLA service set, by clock id. */
    private final Map<String, Deadline> clocks = new HashMap<>();
    /**
     * When each clock-satisfying event type ({@link Deadline#SATISFYING_EVENTS}) happened, by type name, in stream
     * order: what a clock's {@code satisfiedBy} names. All times are kept, not just the first: a clock is met by the
     * first such event at or after it started (a progress note written before a clock started does not meet it).
     */
    private final Map<String, List<Instant>> milestones = new HashMap<>();
    private final Map<String, Integer> escalationLevels = new HashMap<>();
    private final Set<String> warnedClocks = new HashSet<>();
    private final Set<String> proposedCompensations = new HashSet<>();
    private final Set<String> approvedCompensations = new HashSet<>();
    private final Set<String> paidCompensations = new HashSet<>();
    /** The data subject whose personal data was erased from this complaint, if it was. */
    private String erasedSubject;

    protected Complaint() {
        // for Axon: the aggregate is rebuilt from its events
    }

    /**
     * The complainant is recorded only sealed with the key of their data subject ({@link ComplainantSealer}), in
     * the same transaction as the event: erasing the key later erases the person from every copy of the stream.
     * The personal details the customer typed into the subject and text are masked in the event
     * ({@link PersonalDetailsInText}); the words as written are sealed with the same key.
     */
    @CommandHandler
    public Complaint(ReceiveComplaintCommand command, ComplainantSealer sealer) {
        ComplaintSubmission s = command.submission();
        // without a complainant there is no key to seal the words with, and nobody whose erasure must reach them
        String subject = s.complainant() == null ? s.subject()
                : PersonalDetailsInText.mask(s.subject(), s.complainant());
        String text = s.complainant() == null ? s.text() : PersonalDetailsInText.mask(s.text(), s.complainant());
        boolean masked = !Objects.equals(subject, s.subject()) || !Objects.equals(text, s.text());
        ComplainantSealer.Sealed sealed = sealer.seal(command.complaintId(), s.complainant(),
                masked ? new ComplaintWords(s.subject(), s.text()) : null);
        apply(new ComplaintReceivedEvent(command.complaintId(), s.channel(), s.channelMessageId(), s.receivedAt(),
                null, subject, text, s.infoType(), s.product(), s.orderRef(), s.location(),
                s.attachments(), s.region(), s.language(), s.channelContext(), command.actor(), sealed.complainant(),
                sealed.words()));
    }

    /**
     * Whatever the complaint's state: a person may ask to be erased at any time, and an erased complaint is still
     * worked and reported on, without them. Once per subject: asking again changes nothing.
     */
    @CommandHandler
    public void handle(ErasePersonalDataCommand c, Clock clock) {
        if (c.subjectId().equals(erasedSubject)) {
            return;
        }
        apply(new PersonalDataErasedEvent(complaintId, c.subjectId(), clock.instant(), c.reason(), c.actor()));
    }

    @CommandHandler
    public CommandOutcome handle(ClassifyComplaintCommand c) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        apply(new ComplaintClassifiedEvent(complaintId, c.infoType(), c.category(), c.severity(), c.topics(),
                c.classifiedBy(), c.confidence(), c.correction(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(AssignDepartmentCommand c, Clock clock) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (blank(c.department())) {
            return reject(c, "department is required");
        }
        if (department != null) {
            return reject(c, "already assigned to " + department + "; transfer it instead");
        }
        if (status == ComplaintStatus.RESOLVED) {
            return reject(c, "complaint is resolved");
        }
        apply(new DepartmentAssignedEvent(complaintId, c.department(), c.priority(), c.reason(), c.rulesVersion(),
                clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(TransferComplaintCommand c) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (department == null) {
            return reject(c, "no department is responsible yet; assign one first");
        }
        if (blank(c.toDepartment()) || blank(c.reason())) {
            return reject(c, "a transfer needs the target department and a reason");
        }
        if (c.toDepartment().equals(department)) {
            return reject(c, "already with " + department);
        }
        apply(new ComplaintTransferredEvent(complaintId, department, c.toDepartment(), c.reason(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(AcknowledgeComplaintCommand c, Clock clock) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (acknowledgedAt != null) {
            return reject(c, "already acknowledged at " + acknowledgedAt);
        }
        String by = c.department() != null ? c.department() : department;
        apply(new ComplaintAcknowledgedEvent(complaintId, by, c.message(), clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(SetDeadlinesCommand c) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (c.deadlines() == null || c.deadlines().isEmpty()) {
            return reject(c, "no deadlines given");
        }
        for (Deadline d : c.deadlines()) {
            if (d == null || blank(d.clockId()) || blank(d.satisfiedBy()) || d.dueAt() == null) {
                return reject(c, "every deadline needs a clockId, satisfiedBy and dueAt");
            }
            // a clock that no recorded milestone can meet would make every escalation on it look justified
            if (!Deadline.SATISFYING_EVENTS.contains(d.satisfiedBy())) {
                return reject(c, "clock " + d.clockId() + ": satisfiedBy '" + d.satisfiedBy()
                        + "' cannot satisfy a clock; it must be one of "
                        + String.join(", ", Deadline.SATISFYING_EVENTS));
            }
        }
        apply(new DeadlinesSetEvent(complaintId, c.deadlines(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(RaiseDeadlineWarningCommand c, Clock clock) {
        String refusal = clockRefusal(c.clockId(), clock.instant(), false);
        if (refusal == null && warnedClocks.contains(c.clockId())) {
            refusal = "already warned for clock " + c.clockId();
        }
        if (refusal != null) {
            return reject(c, refusal);
        }
        apply(new DeadlineWarningRaisedEvent(complaintId, c.clockId(), clocks.get(c.clockId()).dueAt(),
                clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    /**
     * Escalates a missed clock to a higher level than it reached before (the ladder's levels come from the SLA
     * policy, which may skip one). Refused (and the refusal recorded) when the complaint is no longer open, the
     * clock is unknown, the clock was met before it fell due, it is not yet due, or this level was already reached. A clock met late still escalates: the deadline was missed, and departments are counted for it.
     */
    @CommandHandler
    public CommandOutcome handle(RaiseEscalationCommand c, Clock clock) {
        String refusal = clockRefusal(c.clockId(), clock.instant(), true);
        int reached = escalationLevels.getOrDefault(c.clockId(), 0);
        if (refusal == null && c.level() <= reached) {
            refusal = "already escalated to level " + reached;
        }
        if (refusal != null) {
            apply(new EscalationDismissedEvent(complaintId, c.clockId(), c.level(), refusal, c.actor()));
            return CommandOutcome.rejected(refusal);
        }
        apply(new EscalationRaisedEvent(complaintId, c.clockId(), c.level(), clocks.get(c.clockId()).dueAt(),
                c.escalateTo(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(PromiseExtensionCommand c, Clock clock) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (c.newEta() == null || blank(c.reason())) {
            return reject(c, "an extension needs a new expected time and a reason");
        }
        if (!c.newEta().isAfter(clock.instant())) {
            return reject(c, "the new expected time " + c.newEta() + " is not in the future");
        }
        if (c.clockId() != null && !clocks.containsKey(c.clockId())) {
            return reject(c, "unknown clock " + c.clockId());
        }
        apply(new ExtensionPromisedEvent(complaintId, c.clockId(), c.newEta(), c.reason(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(NoteProgressCommand c) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (blank(c.note())) {
            return reject(c, "the note is empty");
        }
        apply(new ProgressNotedEvent(complaintId, c.note(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    /** Ask the customer for information; the complaint then waits for the answer (another question may follow). */
    @CommandHandler
    public CommandOutcome handle(RequestCustomerInformationCommand c, Clock clock) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (blank(c.question())) {
            return reject(c, "the question is empty");
        }
        apply(new CustomerInformationRequestedEvent(complaintId, c.question(), clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(RecordCustomerReplyCommand c, Clock clock) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (blank(c.reply())) {
            return reject(c, "the reply is empty");
        }
        if (!waitingForCustomer) {
            return reject(c, "no information was requested from the customer");
        }
        apply(new CustomerRepliedEvent(complaintId, c.reply(), clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(ProposeCompensationCommand c) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (blank(c.compensationId()) || c.amount() == null || c.amount().amount() == null
                || c.amount().amount().signum() < 0) {
            return reject(c, "compensation needs an id and a non-negative amount");
        }
        if (proposedCompensations.contains(c.compensationId())) {
            return reject(c, "compensation " + c.compensationId() + " was already proposed");
        }
        apply(new CompensationProposedEvent(complaintId, c.compensationId(), c.kind(), c.amount(), c.reason(),
                c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(ApproveCompensationCommand c) {
        if (status == ComplaintStatus.WITHDRAWN) {
            return reject(c, "complaint is withdrawn");
        }
        if (!proposedCompensations.contains(c.compensationId())) {
            return reject(c, "compensation " + c.compensationId() + " was never proposed");
        }
        if (approvedCompensations.contains(c.compensationId())) {
            return reject(c, "compensation " + c.compensationId() + " is already approved");
        }
        if (blank(c.approver())) {
            return reject(c, "an approval names its approver");
        }
        apply(new CompensationApprovedEvent(complaintId, c.compensationId(), c.approvedAmount(), c.approver(),
                c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(PayCompensationCommand c) {
        if (status == ComplaintStatus.WITHDRAWN) {
            return reject(c, "complaint is withdrawn");
        }
        if (!approvedCompensations.contains(c.compensationId())) {
            return reject(c, "compensation " + c.compensationId() + " is not approved");
        }
        if (paidCompensations.contains(c.compensationId())) {
            return reject(c, "compensation " + c.compensationId() + " is already paid");
        }
        apply(new CompensationPaidEvent(complaintId, c.compensationId(), c.amount(), c.paymentReference(),
                c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(ResolveComplaintCommand c, Clock clock) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        if (status == ComplaintStatus.RESOLVED) {
            return reject(c, "already resolved");
        }
        if (blank(c.solution())) {
            return reject(c, "a resolution states the solution");
        }
        apply(new ComplaintResolvedEvent(complaintId, c.solution(), c.effect(), c.suggestionsTaken(), c.followUp(),
                clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(RecordResultFeedbackCommand c, Clock clock) {
        if (status != ComplaintStatus.RESOLVED && status != ComplaintStatus.CLOSED) {
            return reject(c, "result feedback follows a resolution; the complaint is " + status.name().toLowerCase());
        }
        apply(new ResultFeedbackSentEvent(complaintId, c.medium(), c.summary(), clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(RecordSatisfactionCommand c) {
        if (status != ComplaintStatus.RESOLVED && status != ComplaintStatus.CLOSED) {
            return reject(c, "satisfaction is asked after resolution; the complaint is " + status.name().toLowerCase());
        }
        if (c.score() < 1 || c.score() > 5) {
            return reject(c, "score must be 1 to 5, was " + c.score());
        }
        apply(new SatisfactionRecordedEvent(complaintId, c.score(), c.comment(), c.method(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(ReopenComplaintCommand c) {
        if (status != ComplaintStatus.RESOLVED && status != ComplaintStatus.CLOSED) {
            return reject(c, "only a resolved or closed complaint can be reopened; it is "
                    + status.name().toLowerCase());
        }
        if (blank(c.reason())) {
            return reject(c, "a reopening needs a reason");
        }
        apply(new ComplaintReopenedEvent(complaintId, c.reason(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(CloseComplaintCommand c, Clock clock) {
        if (status != ComplaintStatus.RESOLVED) {
            return reject(c, "only a resolved complaint can be closed; it is " + status.name().toLowerCase());
        }
        apply(new ComplaintClosedEvent(complaintId, c.confirmation(), clock.instant(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(WithdrawComplaintCommand c) {
        if (!status.isOpen()) {
            return reject(c, "complaint is " + status.name().toLowerCase());
        }
        apply(new ComplaintWithdrawnEvent(complaintId, c.reason(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    @CommandHandler
    public CommandOutcome handle(MarkDuplicateCommand c) {
        if (status == ComplaintStatus.WITHDRAWN) {
            return reject(c, "complaint is withdrawn");
        }
        if (blank(c.originalComplaintId()) || c.originalComplaintId().equals(complaintId)) {
            return reject(c, "a duplicate names another, original complaint");
        }
        apply(new DuplicateDetectedEvent(complaintId, c.originalComplaintId(), c.reason(), c.actor()));
        return CommandOutcome.ACCEPTED;
    }

    /** Why a warning or escalation for this clock must not be raised now, or null if it may. */
    private String clockRefusal(String clockId, Instant now, boolean escalation) {
        if (!status.isOpen()) {
            return "complaint is " + status.name().toLowerCase();
        }
        Deadline clock = clockId == null ? null : clocks.get(clockId);
        if (clock == null) {
            return "unknown clock " + clockId;
        }
        Instant metAt = metAt(clock);
        if (metAt != null && !metAt.isAfter(clock.dueAt())) {
            return "clock " + clockId + " was met at " + metAt + ", before it fell due at " + clock.dueAt();
        }
        if (escalation && now.isBefore(clock.dueAt())) {
            return "clock " + clockId + " is not due until " + clock.dueAt();
        }
        if (!escalation && metAt != null) {
            return "clock " + clockId + " was met at " + metAt;
        }
        return null;
    }

    private CommandOutcome reject(ComplaintCommand command, String reason) {
        apply(new CommandRejectedEvent(complaintId, command.typeName(), command.commandId(), reason, command.actor()));
        return CommandOutcome.rejected(reason);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void milestone(Class<? extends ComplaintEvent> type, Instant at) {
        milestones.computeIfAbsent(ComplaintEvent.typeName(type), t -> new ArrayList<>()).add(at);
    }

    /** The earliest event of the clock's {@code satisfiedBy} type at or after the clock started, or null. */
    private Instant metAt(Deadline clock) {
        return milestones.getOrDefault(clock.satisfiedBy(), List.of()).stream()
                .filter(at -> clock.startedAt() == null || !at.isBefore(clock.startedAt().minus(CLOCK_SKEW)))
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    @EventSourcingHandler
    void on(ComplaintReceivedEvent e) {
        complaintId = e.complaintId();
        status = ComplaintStatus.RECEIVED;
    }

    @EventSourcingHandler
    void on(PersonalDataErasedEvent e) {
        erasedSubject = e.subjectId();
    }

    @EventSourcingHandler
    void on(DepartmentAssignedEvent e) {
        department = e.department();
        if (status == ComplaintStatus.RECEIVED) {
            status = ComplaintStatus.ASSIGNED;
        }
        milestone(DepartmentAssignedEvent.class, e.assignedAt());
    }

    @EventSourcingHandler
    void on(ComplaintTransferredEvent e) {
        department = e.toDepartment();
    }

    @EventSourcingHandler
    void on(ComplaintAcknowledgedEvent e) {
        acknowledgedAt = e.acknowledgedAt();
        if (status == ComplaintStatus.RECEIVED || status == ComplaintStatus.ASSIGNED) {
            status = ComplaintStatus.IN_PROGRESS;
        }
        milestone(ComplaintAcknowledgedEvent.class, e.acknowledgedAt());
    }

    @EventSourcingHandler
    void on(DeadlinesSetEvent e) {
        for (Deadline d : e.deadlines()) {
            // a clock set again (restarted, extended) starts afresh: no warning or escalation carries over
            clocks.put(d.clockId(), d);
            warnedClocks.remove(d.clockId());
            escalationLevels.remove(d.clockId());
        }
    }

    @EventSourcingHandler
    void on(DeadlineWarningRaisedEvent e) {
        warnedClocks.add(e.clockId());
    }

    @EventSourcingHandler
    void on(EscalationRaisedEvent e) {
        escalationLevels.merge(e.clockId(), e.level(), Math::max);
    }

    /** The event carries no time of its own: the time it was recorded (its message's timestamp) is the milestone. */
    @EventSourcingHandler
    void on(ProgressNotedEvent e, @Timestamp Instant recordedAt) {
        if (status == ComplaintStatus.RECEIVED || status == ComplaintStatus.ASSIGNED) {
            status = ComplaintStatus.IN_PROGRESS;
        }
        milestone(ProgressNotedEvent.class, recordedAt);
    }

    @EventSourcingHandler
    void on(CustomerInformationRequestedEvent e) {
        waitingForCustomer = true;
        milestone(CustomerInformationRequestedEvent.class, e.requestedAt());
    }

    @EventSourcingHandler
    void on(CustomerRepliedEvent e) {
        waitingForCustomer = false;
        milestone(CustomerRepliedEvent.class, e.repliedAt());
    }

    @EventSourcingHandler
    void on(CompensationProposedEvent e) {
        proposedCompensations.add(e.compensationId());
    }

    @EventSourcingHandler
    void on(CompensationApprovedEvent e) {
        approvedCompensations.add(e.compensationId());
    }

    @EventSourcingHandler
    void on(CompensationPaidEvent e) {
        paidCompensations.add(e.compensationId());
    }

    @EventSourcingHandler
    void on(ComplaintResolvedEvent e) {
        status = ComplaintStatus.RESOLVED;
        // the department decided without the answer: a pending question is moot, and the clocks must not stay paused
        waitingForCustomer = false;
        milestone(ComplaintResolvedEvent.class, e.resolvedAt());
    }

    @EventSourcingHandler
    void on(ResultFeedbackSentEvent e) {
        milestone(ResultFeedbackSentEvent.class, e.sentAt());
    }

    @EventSourcingHandler
    void on(ComplaintReopenedEvent e) {
        status = ComplaintStatus.IN_PROGRESS;
        // the customer spoke again and a new round begins on new clocks: no earlier question is still awaited
        waitingForCustomer = false;
        // A reopened complaint must be resolved (and closed) again. The clocks that those steps met are done with;
        // without this, a clock met in time would look missed now and draw an escalation. New clocks come from the
        // SLA service.
        milestones.keySet().removeAll(UNDONE_BY_REOPENING);
        clocks.values().removeIf(d -> {
            boolean undone = UNDONE_BY_REOPENING.contains(d.satisfiedBy());
            if (undone) {
                warnedClocks.remove(d.clockId());
                escalationLevels.remove(d.clockId());
            }
            return undone;
        });
    }

    @EventSourcingHandler
    void on(ComplaintClosedEvent e) {
        status = ComplaintStatus.CLOSED;
        waitingForCustomer = false; // a closed loop waits for no one (a question asked after resolving ends here)
        milestone(ComplaintClosedEvent.class, e.closedAt());
    }

    @EventSourcingHandler
    void on(ComplaintWithdrawnEvent e) {
        status = ComplaintStatus.WITHDRAWN;
        waitingForCustomer = false; // nothing more is asked of a customer who withdrew
    }
}
