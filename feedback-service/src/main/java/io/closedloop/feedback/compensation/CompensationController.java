package io.closedloop.feedback.compensation;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Money;
import io.closedloop.contract.command.ApproveCompensationCommand;
import io.closedloop.contract.command.PayCompensationCommand;
import io.closedloop.contract.command.ProposeCompensationCommand;
import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.command.CommandOutbox;
import io.closedloop.feedback.command.FeedbackCommands;
import io.closedloop.feedback.web.Checks;
import io.closedloop.feedback.web.ConflictException;
import io.closedloop.feedback.web.FieldError;
import io.closedloop.feedback.web.ForbiddenException;
import io.closedloop.feedback.web.InvalidInputException;
import io.closedloop.feedback.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Compensation (赔偿/补偿) as three recorded steps: a proposal (kind and amount), an approval by someone whose role
 * may approve that amount, and the payout. Each step is a command to the complaint; the next step is accepted once
 * the complaint has recorded the one before (its event), so the answers are 202 and {@code GET} shows where it
 * stands.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class CompensationController {

    static final Set<String> KINDS = Set.of("refund", "repair", "replacement", "voucher");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");

    private final Compensations compensations;
    private final ComplaintCases cases;
    private final CommandOutbox commands;
    private final ApprovalLimits limits;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CompensationController(Compensations compensations, ComplaintCases cases, CommandOutbox commands,
            ApprovalLimits limits, TransactionTemplate transactions, Clock clock) {
        this.compensations = compensations;
        this.cases = cases;
        this.commands = commands;
        this.limits = limits;
        this.transactions = transactions;
        this.clock = clock;
    }

    record Amount(BigDecimal amount, String currency) {
    }

    record Proposal(String kind, Amount amount, String reason, String proposedBy) {
    }

    record Approval(Amount approvedAmount, String approver) {
    }

    record Payment(Amount amount, String paymentReference, String paidBy) {
    }

    @PostMapping(path = "/complaints/{id}/compensations", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Compensation>> propose(@PathVariable String id, @RequestBody(required = false) Proposal body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return blocking(() -> {
            List<FieldError> errors = new ArrayList<>();
            Checks.id("id", id, errors);
            if (body == null || body.kind() == null || !KINDS.contains(body.kind())) {
                errors.add(new FieldError("kind", "must be one of refund, repair, replacement, voucher"));
            }
            amount("amount", body == null ? null : body.amount(), errors);
            Checks.text("reason", body == null ? null : body.reason(), 2000, errors);
            Checks.actor("proposedBy", body == null ? null : body.proposedBy(), errors);
            if (key != null && (key.isBlank() || key.length() > 100)) {
                errors.add(new FieldError("Idempotency-Key", "must be 1 to 100 characters"));
            }
            InvalidInputException.throwIfAny("The compensation cannot be proposed.", errors);
            String compensationId = "comp-" + (key == null ? UUID.randomUUID()
                    : UUID.nameUUIDFromBytes((id + "\n" + key.strip()).getBytes(StandardCharsets.UTF_8)));
            Compensation proposed = transactions.execute(status -> {
                Instant now = clock.instant();
                ComplaintCase c = cases.lock(id).orElseThrow(() -> unknownComplaint(id));
                if (c.status() == ComplaintCase.Status.CLOSED || c.status() == ComplaintCase.Status.WITHDRAWN) {
                    throw new ConflictException("The complaint is " + c.status().code()
                            + "; compensation is proposed while it is open.", new FieldError("id", "is "
                            + c.status().code()));
                }
                BigDecimal amount = body.amount().amount();
                String currency = body.amount().currency();
                if (compensations.request(compensationId, id, body.kind(), amount, currency,
                        Checks.strippedOrNull(body.reason()), body.proposedBy().strip(), now)) {
                    commands.queue(new ProposeCompensationCommand(
                            FeedbackCommands.id("compensation", compensationId, "propose"), id, compensationId,
                            body.kind(), new Money(amount, currency), Checks.strippedOrNull(body.reason()),
                            Actor.user(body.proposedBy().strip())), null, now);
                }
                return compensations.find(compensationId).orElseThrow();
            });
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/api/v1/compensations/" + compensationId)).body(proposed);
        });
    }

    @PostMapping(path = "/compensations/{compensationId}/approval", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Compensation>> approve(@PathVariable String compensationId,
            @RequestBody(required = false) Approval body,
            @RequestHeader(name = "X-Approver", required = false) String approverHeader) {
        return blocking(() -> {
            String approver = approverHeader != null ? approverHeader : body == null ? null : body.approver();
            List<FieldError> errors = new ArrayList<>();
            Checks.id("compensationId", compensationId, errors);
            Checks.actor(approverHeader != null ? "X-Approver" : "approver", approver, errors);
            if (body != null && body.approvedAmount() != null) {
                amount("approvedAmount", body.approvedAmount(), errors);
            }
            InvalidInputException.throwIfAny("The compensation cannot be approved.", errors);
            Compensation approved = transactions.execute(status -> {
                Instant now = clock.instant();
                Compensation c = lockedProposal(compensationId);
                if (!"proposed".equals(c.status())) {
                    throw new ConflictException(stepConflict(c, "approved"),
                            new FieldError("compensationId", "is " + c.status()));
                }
                Amount amount = body == null || body.approvedAmount() == null
                        ? new Amount(c.amount(), c.currency()) : body.approvedAmount();
                if (!amount.currency().equals(c.currency())) {
                    throw new InvalidInputException("The compensation cannot be approved.", List.of(new FieldError(
                            "approvedAmount.currency", "must be the proposal's currency " + c.currency())));
                }
                if (amount.amount().compareTo(c.amount()) > 0) {
                    throw new InvalidInputException("The compensation cannot be approved.", List.of(new FieldError(
                            "approvedAmount.amount", "must not exceed the proposed " + c.amount().toPlainString())));
                }
                String who = approver.strip();
                String field = approverHeader != null ? "X-Approver" : "approver";
                ApprovalLimits.Verdict verdict = limits.check(who, amount.amount(), amount.currency());
                if (verdict instanceof ApprovalLimits.Verdict.UnknownApprover) {
                    throw new ForbiddenException(who + " may not approve compensation.",
                            new FieldError(field, "is not an approver (closedloop.feedback.compensation.approvers)"));
                }
                if (verdict instanceof ApprovalLimits.Verdict.NoLimitInCurrency none) {
                    throw new ForbiddenException(
                            "Role " + none.role() + " may not approve compensation in " + amount.currency() + ".",
                            new FieldError("approvedAmount.currency", "role " + none.role() + " has no limit in "
                                    + amount.currency()));
                }
                if (verdict instanceof ApprovalLimits.Verdict.AboveLimit above) {
                    throw new ForbiddenException(amount.amount().toPlainString() + " " + amount.currency()
                            + " is above the approval limit " + above.limit().toPlainString() + " "
                            + amount.currency() + " of role " + above.role() + ".",
                            new FieldError("approvedAmount.amount", "exceeds the limit "
                                    + above.limit().toPlainString() + " " + amount.currency() + " of " + who
                                    + " (role " + above.role() + ")"));
                }
                String role = ((ApprovalLimits.Verdict.Allowed) verdict).role();
                compensations.approvalRequested(compensationId, amount.amount(), who, role, now);
                commands.queue(new ApproveCompensationCommand(
                        FeedbackCommands.id("compensation", compensationId, "approve"), c.complaintId(),
                        compensationId, new Money(amount.amount(), amount.currency()), who,
                        new Actor(Actor.Type.USER, who, null, "compensation-approval-limits:" + role)), null, now);
                return compensations.find(compensationId).orElseThrow();
            });
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(approved);
        });
    }

    @PostMapping(path = "/compensations/{compensationId}/payment", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Compensation>> pay(@PathVariable String compensationId,
            @RequestBody(required = false) Payment body) {
        return blocking(() -> {
            List<FieldError> errors = new ArrayList<>();
            Checks.id("compensationId", compensationId, errors);
            if (body != null && body.amount() != null) {
                amount("amount", body.amount(), errors);
            }
            Checks.required("paymentReference", body == null ? null : body.paymentReference(), 200, errors);
            Checks.actor("paidBy", body == null ? null : body.paidBy(), errors);
            InvalidInputException.throwIfAny("The payment cannot be recorded.", errors);
            Compensation paid = transactions.execute(status -> {
                Instant now = clock.instant();
                Compensation c = lockedProposal(compensationId);
                if (!"approved".equals(c.status())) {
                    throw new ConflictException(stepConflict(c, "paid"),
                            new FieldError("compensationId", "is " + c.status()));
                }
                Amount amount = body.amount() != null ? body.amount()
                        : new Amount(c.approvedAmount(), c.currency());
                if (!amount.currency().equals(c.currency())) {
                    throw new InvalidInputException("The payment cannot be recorded.", List.of(new FieldError(
                            "amount.currency", "must be the approved currency " + c.currency())));
                }
                compensations.paymentRequested(compensationId, now);
                commands.queue(new PayCompensationCommand(FeedbackCommands.id("compensation", compensationId, "pay"),
                        c.complaintId(), compensationId, new Money(amount.amount(), amount.currency()),
                        body.paymentReference().strip(), Actor.user(body.paidBy().strip())), null, now);
                return compensations.find(compensationId).orElseThrow();
            });
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(paid);
        });
    }

    @GetMapping("/compensations/{compensationId}")
    Mono<Compensation> get(@PathVariable String compensationId) {
        return blocking(() -> compensations.find(compensationId)
                .orElseThrow(() -> new NotFoundException("No compensation " + compensationId + ".")));
    }

    @GetMapping("/complaints/{id}/compensations")
    Mono<List<Compensation>> ofComplaint(@PathVariable String id) {
        return blocking(() -> {
            cases.find(id).orElseThrow(() -> unknownComplaint(id));
            return compensations.of(id);
        });
    }

    private Compensation lockedProposal(String compensationId) {
        Compensation c = compensations.find(compensationId)
                .orElseThrow(() -> new NotFoundException("No compensation " + compensationId + "."));
        cases.lock(c.complaintId());
        return compensations.find(compensationId).orElseThrow();
    }

    private static String stepConflict(Compensation c, String step) {
        return switch (c.status()) {
            case "requested" -> "The complaint has not yet recorded the proposal; try again in a moment.";
            case "proposed" -> "The compensation is proposed but not approved; it cannot be " + step + " yet.";
            case "refused" -> "The complaint refused this compensation: " + c.refusal();
            default -> "The compensation is already " + c.status() + ".";
        };
    }

    private static void amount(String field, Amount amount, List<FieldError> errors) {
        if (amount == null || amount.amount() == null) {
            errors.add(new FieldError(field + ".amount", "is required"));
        } else if (amount.amount().signum() < 0 || amount.amount().compareTo(MAX_AMOUNT) > 0
                || amount.amount().scale() > 2) {
            errors.add(new FieldError(field + ".amount", "must be from 0 to 1000000000 with at most 2 decimals"));
        }
        if (amount == null || amount.currency() == null || !CURRENCY.matcher(amount.currency()).matches()) {
            errors.add(new FieldError(field + ".currency", "must be an ISO 4217 code such as CNY"));
        }
    }

    private static NotFoundException unknownComplaint(String id) {
        return new NotFoundException("Complaint " + id + " is not known to feedback-service.");
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
