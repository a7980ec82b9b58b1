package io.closedloop.feedback.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What feedback-service decides with, all in {@code closedloop.feedback.*} (defaults in application.yml).
 *
 * @param defaultLanguage the language of letters and pages when the complaint's own ({@code language}, a BCP 47
 *                        tag on ComplaintReceived) is absent or neither Chinese nor English: {@code zh} or {@code en}
 * @param publicBaseUrl   where customers reach this service: survey links in mails and letters start with it
 * @param zone            dates in letters are written in this time zone
 */
@ConfigurationProperties("closedloop.feedback")
public record FeedbackProperties(String defaultLanguage, String publicBaseUrl, ZoneId zone, Mail mail, Commands commands,
        Survey survey, Closing closing, Repeat repeat, Compensation compensation) {

    public FeedbackProperties {
        if (!"zh".equals(defaultLanguage) && !"en".equals(defaultLanguage)) {
            throw new IllegalArgumentException("closedloop.feedback.default-language must be zh or en");
        }
        Objects.requireNonNull(publicBaseUrl, "closedloop.feedback.public-base-url is required");
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
        Objects.requireNonNull(zone, "closedloop.feedback.zone is required");
        Objects.requireNonNull(mail, "closedloop.feedback.mail is required");
        Objects.requireNonNull(commands, "closedloop.feedback.commands is required");
        Objects.requireNonNull(survey, "closedloop.feedback.survey is required");
        Objects.requireNonNull(closing, "closedloop.feedback.closing is required");
        Objects.requireNonNull(repeat, "closedloop.feedback.repeat is required");
        Objects.requireNonNull(compensation, "closedloop.feedback.compensation is required");
    }

    /**
     * Outbound mail, sent from the outbox table.
     *
     * @param from             the sender's address
     * @param fromName         the sender's name, also the letterhead of the printable letter
     * @param dispatchInterval how often the outbox is looked at
     * @param firstRetryAfter  after a failed attempt a mail waits this long, doubling per failure up to
     *                         {@code maxRetryAfter}; it is never given up
     * @param maxEventAge      a resolution recorded longer ago than this sends no mail: it is history being read
     *                         again (a new instance reading the stream from its start into an empty database), and
     *                         its customer was written to then
     * @param handoverTimeout  a mail being handed to the mail server is not taken up again (by another instance,
     *                         or after a crash) before this has passed since the hand-over began: longer than the
     *                         longest SMTP conversation, and time for the server to file the journal copy
     * @param journal          the mailbox that keeps a copy of every mail sent, asked before a mail whose hand-over
     *                         has no recorded outcome is sent again; off when its address is blank
     */
    public record Mail(String from, String fromName, Duration dispatchInterval, int batchSize, Duration firstRetryAfter,
            Duration maxRetryAfter, Duration maxEventAge, Duration handoverTimeout, Journal journal) {
        public Mail {
            if (from == null || from.isBlank() || fromName == null || fromName.isBlank()
                    || notPositive(dispatchInterval) || batchSize < 1
                    || notPositive(firstRetryAfter) || maxRetryAfter == null
                    || maxRetryAfter.compareTo(firstRetryAfter) < 0 || notPositive(maxEventAge)
                    || notPositive(handoverTimeout)) {
                throw new IllegalArgumentException("closedloop.feedback.mail needs from, from-name, batch-size >= 1, and "
                        + "positive dispatch-interval, first-retry-after <= max-retry-after, max-event-age, "
                        + "handover-timeout");
            }
            journal = journal == null ? Journal.OFF : journal;
        }
    }

    /**
     * The journal mailbox (a compliance copy of everything sent): every mail carries a Bcc to {@code address}, and
     * the mailbox is searched over IMAP for a mail's Message-ID before it is sent again after a hand-over whose
     * outcome is unknown. Blank address: off, and such a mail is sent again (at least once).
     */
    public record Journal(String address, Imap imap) {
        public static final Journal OFF = new Journal(null, null);

        public Journal {
            address = address == null || address.isBlank() ? null : address.strip();
            if (address != null && (imap == null || imap.host() == null || imap.host().isBlank())) {
                throw new IllegalArgumentException("closedloop.feedback.mail.journal.address is set: "
                        + "closedloop.feedback.mail.journal.imap.host is required");
            }
        }

        public boolean enabled() {
            return address != null;
        }
    }

    /**
     * Where the journal mailbox is read.
     *
     * @param user    login; blank: the journal address
     * @param folder  the folder holding the copies ({@code INBOX} unless the server files them elsewhere)
     * @param ssl     IMAP over TLS (imaps) instead of plain IMAP
     * @param timeout connect, read and write time-out of every IMAP call
     */
    public record Imap(String host, int port, String user, String password, String folder, boolean ssl,
            Duration timeout) {
        public Imap {
            if (port < 1 || port > 65535 || notPositive(timeout)) {
                throw new IllegalArgumentException("closedloop.feedback.mail.journal.imap needs a port (1..65535) "
                        + "and a positive timeout");
            }
            folder = folder == null || folder.isBlank() ? "INBOX" : folder;
            password = password == null ? "" : password;
        }
    }

    /** Commands wait in the command outbox until the broker has them; the relay looks this often. */
    public record Commands(Duration relayInterval, Duration sendTimeout) {
        public Commands {
            if (notPositive(relayInterval) || notPositive(sendTimeout)) {
                throw new IllegalArgumentException("closedloop.feedback.commands needs positive relay-interval "
                        + "and send-timeout");
            }
        }
    }

    /**
     * @param validFor              how long a survey link can be answered
     * @param dissatisfiedAtOrBelow a score at or below this reopens the complaint and starts a care task
     */
    public record Survey(Duration validFor, int dissatisfiedAtOrBelow) {
        public Survey {
            if (notPositive(validFor) || dissatisfiedAtOrBelow < 0 || dissatisfiedAtOrBelow > 4) {
                throw new IllegalArgumentException("closedloop.feedback.survey needs a positive valid-for and "
                        + "dissatisfied-at-or-below from 0 (never) to 4");
            }
        }
    }

    /**
     * @param dueAfter      a resolved complaint should be closed within this; later it is chased (a reminder to
     *                      the customer, and the overdue list)
     * @param quietPeriod   a resolved complaint with no dissatisfied answer this long after its resolution is
     *                      closed by rule; zero turns the rule off
     * @param sweepInterval how often resolved complaints are looked at
     * @param settle        a complaint is closed or chased only when none of its events arrived for this long, so
     *                      that a service catching up on its stream reads a customer's later answer before it
     *                      decides that there was none
     */
    public record Closing(Duration dueAfter, Duration quietPeriod, Duration sweepInterval, Duration settle) {
        public Closing {
            if (notPositive(dueAfter) || quietPeriod == null || quietPeriod.isNegative() || notPositive(sweepInterval)
                    || settle == null || settle.isNegative()) {
                throw new IllegalArgumentException("closedloop.feedback.closing needs positive due-after and "
                        + "sweep-interval, and quiet-period and settle >= 0");
            }
        }

        public boolean closesByRule() {
            return !quietPeriod.isZero();
        }
    }

    /**
     * A complaint from the same customer (same phone, email or customer id) about the same issue (same product,
     * or text at least {@code textSimilarity} alike) within {@code window} of an earlier one is a repeat.
     */
    public record Repeat(Duration window, double textSimilarity) {
        public Repeat {
            if (notPositive(window) || textSimilarity <= 0 || textSimilarity > 1) {
                throw new IllegalArgumentException("closedloop.feedback.repeat needs a positive window and "
                        + "0 < text-similarity <= 1");
            }
        }
    }

    /**
     * Who may approve how much compensation, until the security issue brings real authentication.
     *
     * @param roles     each role's approval limit (inclusive) per currency, e.g. {@code team-lead: {CNY: 500}}
     * @param approvers each approver id's role
     */
    public record Compensation(Map<String, Map<String, BigDecimal>> roles, Map<String, String> approvers) {
        public Compensation {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
            approvers = approvers == null ? Map.of() : Map.copyOf(approvers);
            for (var approver : approvers.entrySet()) {
                if (!roles.containsKey(approver.getValue())) {
                    throw new IllegalArgumentException("closedloop.feedback.compensation.approvers."
                            + approver.getKey() + " names the unknown role " + approver.getValue());
                }
            }
        }
    }

    /** True when the duration is missing, zero or negative (for the checks above). */
    private static boolean notPositive(Duration d) {
        return d == null || d.isZero() || d.isNegative();
    }
}
