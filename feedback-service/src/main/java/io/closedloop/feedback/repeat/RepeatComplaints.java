package io.closedloop.feedback.repeat;

import io.closedloop.contract.command.MarkDuplicateCommand;
import io.closedloop.feedback.cases.ComplaintCase;
import io.closedloop.feedback.cases.ComplaintCases;
import io.closedloop.feedback.cases.Contacts;
import io.closedloop.feedback.command.CommandOutbox;
import io.closedloop.feedback.command.FeedbackCommands;
import io.closedloop.feedback.config.FeedbackProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a complaint raised again (重复投诉): the same customer (same phone, email or customer id) about the same
 * issue (same product, or text at least {@code closedloop.feedback.repeat.text-similarity} alike) within
 * {@code closedloop.feedback.repeat.window} of an earlier complaint. The later one is marked as a repeat of the
 * earliest such original, with {@code MarkDuplicate}, once ({@code feedback-repeat-<complaint>}).
 *
 * <p>Complaints of different customers travel on different partitions and may arrive in either order, so a
 * complaint is compared both with earlier ones (it may be the repeat) and with later ones already seen (they may
 * repeat it).
 */
@Component
public class RepeatComplaints {

    static final String POLICY_PREFIX = "repeat-rule@";

    private final ComplaintCases cases;
    private final CommandOutbox commands;
    private final FeedbackProperties.Repeat rule;

    public RepeatComplaints(ComplaintCases cases, CommandOutbox commands, FeedbackProperties properties) {
        this.cases = cases;
        this.commands = commands;
        this.rule = properties.repeat();
    }

    /** Called once a new complaint is known ({@code complaint_case} has its row). */
    public void check(ComplaintCase complaint, String correlationId, Instant now) {
        String phone = Contacts.phoneDigits(complaint.complainant().phone());
        String email = Contacts.email(complaint.complainant().email());
        String customerId = Contacts.customerId(complaint.complainant().customerId());
        if (phone == null && email == null && customerId == null) {
            return;
        }
        List<ComplaintCase> others = cases.sameCustomer(complaint.complaintId(), phone, email, customerId,
                complaint.receivedAt().minus(rule.window()), complaint.receivedAt().plus(rule.window()));
        Optional<Match> original = others.stream()
                .filter(o -> earlier(o, complaint) && o.duplicateOf() == null)
                .map(o -> match(o, complaint))
                .flatMap(Optional::stream)
                .findFirst();
        if (original.isPresent()) {
            mark(complaint, original.get(), correlationId, now);
            return;
        }
        // this one may be the original of a repeat that arrived first
        for (ComplaintCase later : others) {
            if (earlier(complaint, later) && later.duplicateOf() == null) {
                match(complaint, later).ifPresent(m -> mark(later, m, correlationId, now));
            }
        }
    }

    private void mark(ComplaintCase repeat, Match match, String correlationId, Instant now) {
        cases.duplicateOf(repeat.complaintId(), match.original().complaintId());
        commands.queue(new MarkDuplicateCommand(FeedbackCommands.id("repeat", repeat.complaintId()),
                repeat.complaintId(), match.original().complaintId(), match.reason(rule),
                FeedbackCommands.service(POLICY_PREFIX + rule.window() + "/" + rule.textSimilarity())),
                correlationId, now);
    }

    private static boolean earlier(ComplaintCase a, ComplaintCase b) {
        int byTime = a.receivedAt().compareTo(b.receivedAt());
        return byTime < 0 || (byTime == 0 && a.complaintId().compareTo(b.complaintId()) < 0);
    }

    /** Whether {@code later} is about the same issue as {@code original}, and why. */
    Optional<Match> match(ComplaintCase original, ComplaintCase later) {
        if (original.product() != null && later.product() != null && !original.product().isBlank()
                && original.product().strip().toLowerCase(Locale.ROOT)
                        .equals(later.product().strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(new Match(original, "same product " + original.product().strip(), null));
        }
        double similarity = TextSimilarity.of(text(original), text(later));
        if (similarity >= rule.textSimilarity()) {
            return Optional.of(new Match(original, "similar text", similarity));
        }
        return Optional.empty();
    }

    private static String text(ComplaintCase c) {
        return (c.subject() == null ? "" : c.subject() + " ") + (c.text() == null ? "" : c.text());
    }

    record Match(ComplaintCase original, String why, Double similarity) {
        String reason(FeedbackProperties.Repeat rule) {
            String how = similarity == null ? why : "%s %.2f".formatted(why, similarity);
            return "同一客户在%s内就同一问题再次投诉 / the same customer raised the same issue again within %s (%s)"
                    .formatted(rule.window(), rule.window(), how);
        }
    }
}
