package io.closedloop.feedback.mail;

import io.closedloop.feedback.AbstractIntegrationTest;
import io.closedloop.feedback.letter.Language;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.closedloop.contract.event.ComplaintEventFixtures.newComplaintId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A result letter reaches the mail server once even when feedback dies (or loses its database) after the server
 * took it and before it was marked sent: the running service, a real PostgreSQL, a real GreenMail (SMTP, and IMAP
 * for the journal mailbox every mail is copied to) and the real broker the command goes to.
 *
 * <p>The crash is the dispatcher's own steps with the last one left out: the hand-over is recorded and committed
 * ({@link MailOutbox#startHandover}), the mail handed to the server ({@link ResilientMailSender#send}), and the row
 * never marked sent, as when the process is killed or PostgreSQL goes away at that moment. The row then becomes due
 * and the running dispatcher finds it.
 */
class MailJournalIT extends AbstractIntegrationTest {

    @Autowired
    MailOutbox outbox;

    @Autowired
    ResilientMailSender sender;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WebTestClient web;

    @Test
    void aLetterTheServerTookBeforeTheCrashIsFoundInTheJournalAndNotSentAgain() {
        String customer = newMailbox("journal-found");
        OutboundMail letter = resultLetter(customer);
        double recoveredBefore = count("closedloop.feedback.mails.recovered");

        Instant now = clock.instant();
        handOverAndCrash(letter, now, true);
        assertThat(mailServer().inbox(customer)).hasSize(1);
        assertThat(status(letter)).isEqualTo("pending");
        assertThat(commandRows(letter)).isZero();

        makeDue(letter);

        await().atMost(PATIENCE).until(() -> "sent".equals(status(letter)));
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                .until(() -> mailServer().inbox(customer).size() == 1);
        assertThat(mailServer().inbox(customer).get(0).messageId())
                .isEqualTo("<" + letter.mailId() + "@feedback.closed-loop>");
        assertThat(count("closedloop.feedback.mails.recovered")).isEqualTo(recoveredBefore + 1);
        assertThat(commandRows(letter)).isEqualTo(1);
        assertThat(command(letter.complaintId(), "RecordResultFeedback").path("commandId").asText())
                .isEqualTo("feedback-result-" + letter.complaintId() + "-r1");
    }

    @Test
    void aLetterWhoseHandOverDiedBeforeTheServerTookItIsNotInTheJournalAndIsSentOnce() {
        String customer = newMailbox("journal-missing");
        OutboundMail letter = resultLetter(customer);
        double recoveredBefore = count("closedloop.feedback.mails.recovered");

        handOverAndCrash(letter, clock.instant(), false);
        makeDue(letter);

        await().atMost(PATIENCE).until(() -> "sent".equals(status(letter)));
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                .until(() -> mailServer().inbox(customer).size() == 1);
        assertThat(count("closedloop.feedback.mails.recovered")).isEqualTo(recoveredBefore);
        assertThat(commandRows(letter)).isEqualTo(1);
        assertThat(command(letter.complaintId(), "RecordResultFeedback").path("commandId").asText())
                .isEqualTo("feedback-result-" + letter.complaintId() + "-r1");
    }

    @Test
    void whileTheJournalCannotBeAskedALetterOfUnknownOutcomeWaitsAndIsSentOnceWhenItCanBe() {
        String customer = newMailbox("journal-away");
        OutboundMail letter = resultLetter(customer);
        double unavailableBefore = count("closedloop.feedback.mails.journal.unavailable");

        handOverAndCrash(letter, clock.instant(), false);
        mailServer().closeJournalGate();
        try {
            makeDue(letter);
            // asked, could not be asked, and asked again after the back-off: never sent blind meanwhile
            await().atMost(PATIENCE).until(() -> attempts(letter) >= 2);
            assertThat(status(letter)).isEqualTo("pending");
            assertThat(lastError(letter)).contains("journal");
            assertThat(mailServer().inbox(customer)).isEmpty();
            assertThat(commandRows(letter)).isZero();
            assertThat(count("closedloop.feedback.mails.journal.unavailable")).isGreaterThan(unavailableBefore);
            // what an operator sees meanwhile
            web.get().uri("/api/v1/outbox/mails?complaintId={id}", letter.complaintId()).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$[0].mailId").isEqualTo(letter.mailId())
                    .jsonPath("$[0].status").isEqualTo("pending")
                    .jsonPath("$[0].outcomeUnknown").isEqualTo(true)
                    .jsonPath("$[0].handoverStartedAt").isNotEmpty();
        } finally {
            mailServer().openJournalGate();
        }

        await().atMost(PATIENCE).until(() -> "sent".equals(status(letter)));
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE)
                .until(() -> mailServer().inbox(customer).size() == 1);
        assertThat(commandRows(letter)).isEqualTo(1);
        web.get().uri("/api/v1/outbox/mails?complaintId={id}", letter.complaintId()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].status").isEqualTo("sent")
                .jsonPath("$[0].outcomeUnknown").isEqualTo(false);
    }

    /**
     * The dispatcher's steps up to the crash: the mail is queued (not yet due, so the running dispatcher leaves it
     * alone), its hand-over recorded, and - if {@code serverTakesIt} - handed to the server; it is never marked sent.
     */
    private void handOverAndCrash(OutboundMail mail, Instant now, boolean serverTakesIt) {
        Instant notYet = now.plus(Duration.ofHours(1));
        assertThat(outbox.queue(mail, notYet)).isTrue();
        outbox.startHandover(mail.mailId(), now, notYet);
        if (serverTakesIt) {
            sender.send(mail, now);
        }
    }

    /** The hand-over's time limit has passed: the mail is due again, its outcome unknown. */
    private void makeDue(OutboundMail mail) {
        jdbc.sql("update outbox_mail set next_attempt_at = :at where mail_id = :id")
                .param("at", OffsetDateTime.ofInstant(clock.instant().minusSeconds(1), ZoneOffset.UTC))
                .param("id", mail.mailId()).update();
    }

    private static OutboundMail resultLetter(String customer) {
        String complaintId = newComplaintId();
        return new OutboundMail("result-" + complaintId + "-r1", complaintId, OutboundMail.Kind.RESULT_FEEDBACK, 1,
                customer, Language.EN, "The result of your complaint " + complaintId,
                "Your router was replaced.\n", "result-letter.pdf",
                "%PDF-1.4 a letter".getBytes(StandardCharsets.US_ASCII));
    }

    private String status(OutboundMail mail) {
        return jdbc.sql("select status from outbox_mail where mail_id = ?").param(mail.mailId())
                .query(String.class).single();
    }

    private int attempts(OutboundMail mail) {
        return jdbc.sql("select attempts from outbox_mail where mail_id = ?").param(mail.mailId())
                .query(Integer.class).single();
    }

    private String lastError(OutboundMail mail) {
        return jdbc.sql("select coalesce(last_error, '') from outbox_mail where mail_id = ?").param(mail.mailId())
                .query(String.class).single();
    }

    private long commandRows(OutboundMail mail) {
        return jdbc.sql("select count(*) from outbox_command where complaint_id = ? "
                        + "and command_type = 'RecordResultFeedback'")
                .param(mail.complaintId()).query(Long.class).single();
    }

    private double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
