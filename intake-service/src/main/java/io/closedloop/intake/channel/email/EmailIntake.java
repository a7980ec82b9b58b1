package io.closedloop.intake.channel.email;

import io.closedloop.contract.Actor;
import io.closedloop.contract.AttachmentRef;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.command.RecordCustomerReplyCommand;
import io.closedloop.intake.channel.ChannelIntake;
import io.closedloop.intake.channel.email.ack.Acknowledgements;
import io.closedloop.intake.channel.email.parse.EmailParser;
import io.closedloop.intake.channel.email.parse.ParsedEmail;
import io.closedloop.intake.channel.email.parse.UnparseableEmailException;
import io.closedloop.intake.channel.email.settings.EmailProperties;
import io.closedloop.intake.channel.email.store.EmailMessages;
import io.closedloop.intake.channel.email.store.EmailMessages.Entry;
import io.closedloop.intake.command.ComplaintCommandProcessor;
import io.closedloop.intake.history.ComplaintHistory;
import io.closedloop.intake.history.ComplaintView;
import io.closedloop.intake.intake.ComplaintIntake;
import io.closedloop.intake.intake.InvalidInputException;
import io.closedloop.intake.tracking.CustomerStatusLookup;
import io.closedloop.intake.tracking.TrackingNumberIndex;
import io.closedloop.contract.TrackingNumbers;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the email channel does with one mail, however it arrived (the mailbox reader, or an operator re-processing a
 * kept one): parse it, file it through {@link ChannelIntake} with its Message-ID as the channel message id, record
 * what became of it, and queue the acknowledgement. Every mail ends in exactly one recorded outcome: filed,
 * duplicate, auto-reply (not filed) or unparseable (kept with its raw bytes and the reason). Blocking; returns only
 * when that outcome is durable, so the caller may then mark the mail as seen.
 */
@Service
public class EmailIntake {

    /** The adapter name on metrics and as the customer actor's id. */
    public static final String ADAPTER = "imap";
    /** Attachments are stored by content; a complaint refers to them by this URI and the SHA-256. */
    public static final String ATTACHMENT_URI = "mailbox:email-attachment/";

    private static final Pattern TRACKING_NUMBER =
            Pattern.compile("(?<![0-9A-Z])[0-9A-Z]{4}[-\\s]?[0-9A-Z]{4}[-\\s]?[0-9A-Z](?![0-9A-Z])");

    private final EmailParser parser = new EmailParser();
    private final ChannelIntake channelIntake;
    private final TrackingNumberIndex trackingNumbers;
    private final CustomerStatusLookup customerStatus;
    private final ComplaintHistory history;
    private final ComplaintCommandProcessor commands;
    private final EmailMessages messages;
    private final Acknowledgements acknowledgements;
    private final TransactionTemplate transactions;
    private final EmailProperties properties;
    private final Clock clock;

    public EmailIntake(ChannelIntake channelIntake, TrackingNumberIndex trackingNumbers,
                       CustomerStatusLookup customerStatus, ComplaintHistory history, ComplaintCommandProcessor commands,
                       EmailMessages messages, Acknowledgements acknowledgements, TransactionTemplate transactions,
                       EmailProperties properties, Clock clock) {
        this.channelIntake = channelIntake;
        this.trackingNumbers = trackingNumbers;
        this.customerStatus = customerStatus;
        this.history = history;
        this.commands = commands;
        this.messages = messages;
        this.acknowledgements = acknowledgements;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** What became of a mail: the id of its record, the outcome ({@link EmailMessages#OUTCOMES}) and, if filed, where. */
    public record Result(long recordId, String outcome, String reason, String complaintId, String trackingNumber) {
    }

    /**
     * Takes a mail in.
     *
     * @param arrivedAt when the mailbox received it: the received time of a mail without a usable Date header
     */
    public Result take(byte[] raw, Instant arrivedAt) {
        Processed done = process(raw, arrivedAt, false);
        Entry entry = done.entry();
        // the record and the acknowledgement commit together; the complaint was committed before (filing is its
        // own transaction), so a crash in between leaves a redelivery that is filed as a duplicate and recorded then
        long id = transactions.execute(status -> {
            long recordId = messages.record(entry);
            queueAcknowledgement(done);
            return recordId;
        });
        return new Result(id, entry.outcome(), entry.reason(), entry.complaintId(), entry.trackingNumber());
    }

    /** Records a mail the mailbox could not hand over at all, with the reason, so that it is not silently skipped. */
    public Result keepUnreadable(String reason, Instant arrivedAt) {
        Instant now = clock.instant();
        channelIntake.count(Channel.EMAIL, ADAPTER, ChannelIntake.Outcome.REJECTED);
        Entry entry = new Entry("unreadable:" + now.toEpochMilli() + ":" + java.util.UUID.randomUUID(), null,
                EmailMessages.UNPARSEABLE, reason, null, null, null, null, null, null, arrivedAt, now, null);
        return new Result(messages.record(entry), entry.outcome(), reason, null, null);
    }

    /** Processes a kept unparseable mail again (after a fix); its record is updated with the new outcome. */
    public Result reprocess(long recordId) {
        var record = messages.find(recordId).orElseThrow(() -> new KeptMailMissingException(recordId, false));
        byte[] raw = messages.raw(recordId).filter(r -> EmailMessages.UNPARSEABLE.equals(record.outcome()))
                .orElseThrow(() -> new KeptMailMissingException(recordId, true));
        Processed done = process(raw, record.arrivedAt(), true);
        Entry entry = done.entry();
        transactions.executeWithoutResult(status -> {
            messages.update(recordId, entry);
            queueAcknowledgement(done);
        });
        return new Result(recordId, entry.outcome(), entry.reason(), entry.complaintId(), entry.trackingNumber());
    }

    /** A mail to re-process that does not exist, or was not kept as unparseable. */
    public static class KeptMailMissingException extends RuntimeException {
        private final boolean exists;

        KeptMailMissingException(long id, boolean exists) {
            super(exists ? "mail " + id + " is not a kept unparseable mail" : "no mail " + id);
            this.exists = exists;
        }

        public boolean exists() {
            return exists;
        }
    }

    /** What processing decided: the record, and the acknowledgement to queue (null: none). */
    private record Processed(Entry entry, Acknowledgements.About ack) {
        Processed(Entry entry) {
            this(entry, null);
        }
    }

    private void queueAcknowledgement(Processed done) {
        if (done.ack() != null) {
            acknowledgements.queue(done.ack(), done.entry().processedAt());
        }
    }

    private Processed process(byte[] raw, Instant arrivedAt, boolean again) {
        Instant now = clock.instant();
        ParsedEmail mail;
        try {
            mail = parser.parse(raw, arrivedAt, now);
        } catch (UnparseableEmailException e) {
            String key = e.messageId() != null ? e.messageId() : "sha256:" + EmailParser.sha256(raw);
            if (!again && messages.keptUnparseable(key)) {
                channelIntake.count(Channel.EMAIL, ADAPTER, ChannelIntake.Outcome.DUPLICATE);
                return new Processed(new Entry(key, e.messageId(), EmailMessages.DUPLICATE,
                        "the same unparseable mail again (kept once): " + e.getMessage(), null, null, null, null,
                        null, null, arrivedAt, now, null));
            }
            channelIntake.count(Channel.EMAIL, ADAPTER, ChannelIntake.Outcome.REJECTED);
            return new Processed(new Entry(key, e.messageId(), EmailMessages.UNPARSEABLE, e.getMessage(), null,
                    null, null, null, null, null, arrivedAt, now, raw));
        }
        String notes = mail.notes().isEmpty() ? null : String.join("; ", mail.notes());
        if (mail.isAutoReply()) {
            channelIntake.count(Channel.EMAIL, ADAPTER, ChannelIntake.Outcome.IGNORED);
            return new Processed(new Entry(mail.messageKey(), mail.messageId(), EmailMessages.AUTO_REPLY,
                    mail.autoReply(), notes, mail.senderAddress(), mail.subject(), null, null, mail.receivedAt(),
                    arrivedAt, now, null));
        }
        // stored first, by content: the complaint never refers to an attachment that is not there
        mail.attachments().forEach(a -> messages.storeAttachment(a, now));
        Optional<Processed> reply = asReply(mail, arrivedAt, now, notes);
        if (reply.isPresent()) {
            return reply.get();
        }
        ComplaintIntake.Receipt receipt;
        try {
            receipt = channelIntake.file(submission(mail), ADAPTER, "email:" + mail.messageKey());
        } catch (InvalidInputException e) {
            // counted as rejected by ChannelIntake; kept to be re-processed (e.g. a sender address intake refuses)
            String reason = "refused by intake: " + e.errors().stream().map(f -> f.field() + " " + f.reason())
                    .collect(Collectors.joining("; "));
            return new Processed(new Entry(mail.messageKey(), mail.messageId(), EmailMessages.UNPARSEABLE, reason,
                    notes, mail.senderAddress(), mail.subject(), null, null, mail.receivedAt(), arrivedAt, now, raw));
        }
        String number = trackingNumbers.register(receipt.complaintId(), mail.receivedAt());
        String outcome = receipt.created() ? EmailMessages.FILED : EmailMessages.DUPLICATE;
        Entry entry = new Entry(mail.messageKey(), mail.messageId(), outcome, null, notes, mail.senderAddress(),
                mail.subject(), receipt.complaintId(), number, mail.receivedAt(), arrivedAt, now, null);
        if (isOurOwnAddress(mail.senderAddress())) {
            return new Processed(entry);
        }
        // queued for a duplicate too: a crash after filing must not lose it; the outbox key stops a second one
        return new Processed(entry, new Acknowledgements.About(receipt.complaintId(), number,
                mail.senderAddress(), mail.senderName(), mail.subject(), mail.receivedAt(), mail.chinese(),
                mail.messageId()));
    }

    /**
     * A customer's further mail about an open complaint of theirs is added to that complaint, not filed as another:
     * a reply to our acknowledgement or to their own earlier mail (In-Reply-To, References), or a mail that quotes
     * the tracking number in its subject. Only mail from the address the complaint came from (or was acknowledged
     * to) counts, so a forwarded thread or a quoted number cannot add words to someone else's complaint. If the
     * complaint waits for the customer's answer, this is that answer (the clocks resume); otherwise it is noted on
     * the complaint's stream in the customer's words. A mail about a closed or withdrawn complaint is a new one.
     */
    private Optional<Processed> asReply(ParsedEmail mail, Instant arrivedAt, Instant now, String notes) {
        String sender = mail.senderAddress();
        Optional<String> addedBefore = messages.complaintAddedTo(mail.messageKey());
        if (addedBefore.isPresent()) {
            // delivered again after it was added (the complaint may have closed since): it stays where it went
            channelIntake.count(Channel.EMAIL, ADAPTER, ChannelIntake.Outcome.DUPLICATE);
            String id = addedBefore.get();
            return Optional.of(new Processed(new Entry(mail.messageKey(), mail.messageId(), EmailMessages.DUPLICATE,
                    null, notes, sender, mail.subject(), id, TrackingNumbers.forComplaint(id), mail.receivedAt(),
                    arrivedAt, now, null)));
        }
        Optional<String> complaintId = acknowledgements.complaintAcknowledged(mail.inReplyTo(), sender)
                .or(() -> messages.complaintOfEarlierMail(mail.inReplyTo(), sender))
                .or(() -> quotedTrackingNumber(mail.subject())
                        .flatMap(number -> customerStatus.complaintOf(number, sender)));
        Optional<ComplaintView> complaint = complaintId.flatMap(history::current);
        if (complaint.isEmpty() || !complaint.get().status().isOpen()) {
            return Optional.empty();
        }
        String id = complaint.get().complaintId();
        // the channel's own id makes a redelivered reply harmless: the same command id is applied once
        String commandId = "email-reply:" + mail.messageKey();
        String words = (mail.subject() == null || mail.subject().isBlank() ? "" : mail.subject().strip() + "\n")
                + mail.text();
        Actor customer = Actor.customer(Channel.EMAIL, ADAPTER);
        ComplaintCommand command = complaint.get().waitingForCustomer()
                ? new RecordCustomerReplyCommand(commandId, id, words, customer)
                : new NoteProgressCommand(commandId, id,
                        (mail.chinese() ? "客户来信补充：" : "The customer wrote: ") + words, customer);
        ComplaintCommandProcessor.Result result = commands.process(command, "email:" + mail.messageKey());
        if (!result.outcome().accepted()) {
            return Optional.empty(); // e.g. closed in the meantime: filed as a complaint of its own instead
        }
        channelIntake.count(Channel.EMAIL, ADAPTER, result.repeat() ? ChannelIntake.Outcome.DUPLICATE
                : ChannelIntake.Outcome.ADDED);
        return Optional.of(new Processed(new Entry(mail.messageKey(), mail.messageId(),
                result.repeat() ? EmailMessages.DUPLICATE : EmailMessages.REPLY, null, notes, sender, mail.subject(),
                id, TrackingNumbers.forComplaint(id), mail.receivedAt(), arrivedAt, now, null)));
    }

    /** A tracking number such as {@code BXZ0-PPF5-Z} in a subject, with a valid check character. */
    private static Optional<String> quotedTrackingNumber(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = TRACKING_NUMBER.matcher(subject.toUpperCase(Locale.ROOT));
        while (m.find()) {
            Optional<String> number = TrackingNumbers.parse(m.group());
            if (number.isPresent()) {
                return number;
            }
        }
        return Optional.empty();
    }

    private boolean isOurOwnAddress(String address) {
        return properties.address() != null && properties.address().equalsIgnoreCase(address);
    }

    private static ComplaintSubmission submission(ParsedEmail mail) {
        List<AttachmentRef> attachments = mail.attachments().stream()
                .map(a -> new AttachmentRef(a.fileName(), ATTACHMENT_URI + a.sha256(), a.contentType()))
                .toList();
        return new ComplaintSubmission(Channel.EMAIL, mail.messageKey(), mail.receivedAt(),
                new Complainant(mail.senderName(), null, mail.senderAddress().toLowerCase(Locale.ROOT), null),
                mail.subject(), mail.text(), null, null, null, null, attachments, null,
                mail.chinese() ? "zh-CN" : "en", new ChannelContext("email", null, false, null, null, null));
    }
}
