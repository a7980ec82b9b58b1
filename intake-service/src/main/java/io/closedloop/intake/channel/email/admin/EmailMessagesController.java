package io.closedloop.intake.channel.email.admin;

import io.closedloop.contract.Complainant;
import io.closedloop.intake.channel.email.EmailIntake;
import io.closedloop.intake.channel.email.store.EmailMessages;
import io.closedloop.intake.channel.email.store.EmailRecord;
import io.closedloop.intake.channel.support.ChannelProblem;
import io.closedloop.intake.channel.support.Issue;
import io.closedloop.intake.channel.support.Lang;
import io.closedloop.intake.channel.support.Words;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.List;

/**
 * The operator's view of the mailbox: what became of each mail (filed, duplicate, auto-reply, unparseable with the
 * reason), and re-processing of a kept unparseable mail after a fix. Senders are shown masked.
 */
@RestController
@Tag(name = "email channel", description = "Mail taken from the complaints mailbox, and re-processing of kept mail")
public class EmailMessagesController {

    static final int MAX_LIMIT = 500;

    private final EmailMessages messages;
    private final EmailIntake intake;

    public EmailMessagesController(EmailMessages messages, EmailIntake intake) {
        this.messages = messages;
        this.intake = intake;
    }

    /** One mail as an operator sees it. */
    public record MailView(long id, String messageId, String outcome, String reason, String notes, String sender,
                           String subject, String complaintId, String trackingNumber, Instant receivedAt,
                           Instant arrivedAt, Instant processedAt) {

        static MailView of(EmailRecord r) {
            String sender = r.sender() == null ? null : new Complainant(null, null, r.sender(), null).masked().email();
            return new MailView(r.id(), r.messageId(), r.outcome(), r.reason(), r.notes(), sender, r.subject(),
                    r.complaintId(), r.trackingNumber(), r.receivedAt(), r.arrivedAt(), r.processedAt());
        }
    }

    @Operation(summary = "List mail taken from the mailbox, newest first",
            description = "outcome: filed, duplicate, reply, auto_reply or unparseable (all when absent); limit 1-500 "
                    + "(default 50). 400 problem+json for an unknown outcome or a bad limit.")
    @GetMapping(path = "/api/v1/channels/email/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<MailView>> list(@RequestParam(name = "outcome", required = false) String outcome,
                                     @RequestParam(name = "limit", required = false) String limit,
                                     @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept) {
        Lang lang = Lang.of(null, accept);
        List<Issue> issues = new java.util.ArrayList<>();
        if (outcome != null && !EmailMessages.OUTCOMES.contains(outcome)) {
            issues.add(new Issue("outcome", new Words("应为 " + String.join("、", EmailMessages.OUTCOMES) + " 之一",
                    "must be one of " + String.join(", ", EmailMessages.OUTCOMES))));
        }
        int n = 50;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                issues.add(new Issue("limit", new Words("应为 1 到 " + MAX_LIMIT + " 之间的整数",
                        "must be a whole number from 1 to " + MAX_LIMIT)));
            }
        }
        if (!issues.isEmpty()) {
            return Mono.error(ChannelProblem.invalid(issues, lang));
        }
        int max = n;
        return Mono.fromCallable(() -> messages.list(outcome, max).stream().map(MailView::of).toList())
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Process a kept unparseable mail again",
            description = "After a fix (a new version, a changed setting), the kept raw mail goes through the email "
                    + "channel again; the answer is its new record (filed, duplicate, reply, auto_reply, or unparseable with "
                    + "the new reason). 404 problem+json for no such mail, 409 for a mail that is not kept as "
                    + "unparseable.")
    @PostMapping(path = "/api/v1/channels/email/messages/{id}/reprocessing", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<MailView> reprocess(@PathVariable("id") long id,
                                    @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept) {
        Lang lang = Lang.of(null, accept);
        return Mono.fromCallable(() -> {
            try {
                intake.reprocess(id);
            } catch (EmailIntake.KeptMailMissingException e) {
                throw e.exists()
                        ? ChannelProblem.of(409, "mail-not-kept", new Words("无法重新处理", "Not re-processable"),
                                new Words("该邮件不是保留待处理的无法解析邮件。", "This mail is not a kept unparseable mail."), lang)
                        : ChannelProblem.of(404, "mail-not-found", new Words("未找到", "Not found"),
                                new Words("没有这封邮件。", "There is no mail with this id."), lang);
            }
            return MailView.of(messages.find(id).orElseThrow());
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
