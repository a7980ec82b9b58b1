package io.closedloop.intake.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Channel;
import io.closedloop.deploy.LocalMailServer;
import io.closedloop.intake.channel.email.EmailIntake;
import io.closedloop.intake.channel.email.ack.Acknowledgements;
import io.closedloop.intake.channel.email.imap.MailboxReader;
import io.closedloop.intake.channel.email.imap.MailboxState;
import io.closedloop.intake.channel.email.settings.EmailProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.closedloop.intake.complaint.ComplaintIds;
import io.closedloop.contract.TrackingNumbers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The email channel end to end: real mail sent over SMTP into the mail server's complaints mailbox, read by the
 * service over IMAP, filed, recorded, and acknowledged by SMTP into the sender's own mailbox.
 */
class EmailChannelIT extends IntakeIntegrationTest {

    static final LocalMailServer MAIL = INFRA.mailServer();

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Acknowledgements acknowledgements;

    @Autowired
    EmailIntake emailIntake;

    @Autowired
    EmailProperties properties;

    // the envelope sender: a mail without a usable From still gets delivered, as by a lenient mail server
    final Session session = Session.getInstance(properties("mail.smtp.from", "relay@example.com"));

    static Properties properties(String key, String value) {
        Properties p = new Properties();
        p.put(key, value);
        return p;
    }

    double count(String outcome) {
        Counter counter = meters.find("closedloop.channel.messages")
                .tags("channel", "email", "adapter", "imap", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    static String sample(String name) throws IOException {
        try (InputStream in = EmailChannelIT.class.getResourceAsStream("/mail/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // bytes as chars: safe to edit ASCII
        }
    }

    /** Sends raw mail bytes over SMTP to the complaints mailbox, as any mail server would deliver them. */
    void deliver(String raw) throws MessagingException {
        MimeMessage message = new MimeMessage(session,
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        Transport transport = session.getTransport("smtp");
        transport.connect(MAIL.host(), MAIL.smtpPort(), null, null);
        try {
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(LocalMailServer.COMPLAINTS_ADDRESS)});
        } finally {
            transport.close();
        }
    }

    /** The records of the mail with this key, oldest first. */
    List<Map<String, Object>> records(String messageKey) {
        return jdbc.queryForList("SELECT id, outcome, reason, notes, complaint_id, tracking_number, received_at, raw "
                + "FROM email_message WHERE message_key = ? ORDER BY id", messageKey);
    }

    List<String> outcomes(String messageKey) {
        return records(messageKey).stream().map(r -> (String) r.get("outcome")).toList();
    }

    JsonNode events(String complaintId) {
        return client().get().uri("/api/v1/complaints/{id}/events", complaintId)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The subjects and texts in an address's mailbox, read over IMAP as the customer's mail client would. */
    List<String[]> inbox(String address) throws Exception {
        Store store = session.getStore("imap");
        try {
            store.connect(MAIL.host(), MAIL.imapPort(), address, address);
        } catch (jakarta.mail.AuthenticationFailedException noMailboxYet) {
            return List.of();
        }
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String[]> mails = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                String[] autoSubmitted = m.getHeader("Auto-Submitted");
                mails.add(new String[] {m.getSubject(), String.valueOf(m.getContent()),
                        autoSubmitted == null ? null : autoSubmitted[0]});
            }
            inbox.close(false);
            return mails;
        } finally {
            store.close();
        }
    }

    @Test
    void aChineseGbkMailBecomesAComplaintWithItsSubjectTextSenderAndDateAndIsAcknowledgedInChinese() throws Exception {
        String id = "gbk-" + UUID.randomUUID() + "@mail.example.com";
        String sender = "zhu.rong." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        double filedBefore = count("filed");

        deliver(sample("gbk-base64.eml").replace("gbk-base64-0001@mail.example.com", id)
                .replace("zhu.rong@example.com", sender));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id)).containsExactly("filed"));
        Map<String, Object> record = records(id).get(0);
        String complaintId = ComplaintIds.forChannelMessage(Channel.EMAIL, id);
        assertThat(record.get("complaint_id")).isEqualTo(complaintId);
        assertThat(record.get("tracking_number")).isEqualTo(TrackingNumbers.forComplaint(complaintId));
        JsonNode received = events(complaintId).get(0).get("payload");
        assertThat(received.get("channel").asText()).isEqualTo("email");
        // the sender's own name in their words is masked on the stream, as their name is (the words as written are
        // sealed with their key)
        assertThat(received.get("subject").asText()).isEqualTo("投诉：热水壶漏水（朱*）");
        assertThat(received.get("text").asText()).contains("用了两天就漏水", "联系人：朱*先生。");
        assertThat(Instant.parse(received.get("receivedAt").asText())).isEqualTo(Instant.parse("2026-11-23T01:15:00Z"));
        assertThat(received.get("language").asText()).isEqualTo("zh-CN");
        assertThat(received.at("/actor/id").asText()).isEqualTo("imap");
        assertThat(received.at("/complainant/name").asText()).startsWith("朱");
        assertThat(received.at("/complainant/email").asText()).endsWith("@example.com");
        assertThat(count("filed")).isEqualTo(filedBefore + 1);

        String trackingNumber = (String) record.get("tracking_number");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String[]> inbox = inbox(sender);
            assertThat(inbox).hasSize(1);
            assertThat(inbox.get(0)[0]).isEqualTo("我们已收到您的投诉（查询编号 " + trackingNumber + "）");
            assertThat(inbox.get(0)[1]).contains("尊敬的朱镕您好", "查询编号：" + trackingNumber,
                    "http://localhost:8081/status.html", "《投诉：热水壶漏水（朱镕）》", "2026年11月23日 09:15");
            assertThat(inbox.get(0)[2]).isEqualTo("auto-replied");
        });
    }

    /** A plain UTF-8 mail as a mail client writes it, optionally answering earlier mail. */
    static String plainMail(String messageId, String from, String subject, String text, String inReplyTo,
                            String references) {
        StringBuilder raw = new StringBuilder()
                .append("From: ").append(from).append("\r\n")
                .append("To: ").append(LocalMailServer.COMPLAINTS_ADDRESS).append("\r\n")
                .append("Subject: =?UTF-8?B?")
                .append(java.util.Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8)))
                .append("?=\r\n")
                .append("Date: Mon, 23 Nov 2026 10:00:00 +0800\r\n")
                .append("Message-ID: <").append(messageId).append(">\r\n");
        if (inReplyTo != null) {
            raw.append("In-Reply-To: <").append(inReplyTo).append(">\r\n");
        }
        if (references != null) {
            raw.append("References: ").append(references).append("\r\n");
        }
        raw.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n")
                .append(java.util.Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)))
                .append("\r\n");
        return raw.toString();
    }

    /** The Message-IDs of the mails in an address's mailbox. */
    List<String> inboxMessageIds(String address) throws Exception {
        Store store = session.getStore("imap");
        try {
            store.connect(MAIL.host(), MAIL.imapPort(), address, address);
        } catch (jakarta.mail.AuthenticationFailedException noMailboxYet) {
            return List.of();
        }
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> ids = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                ids.add(((MimeMessage) m).getMessageID());
            }
            inbox.close(false);
            return ids;
        } finally {
            store.close();
        }
    }

    List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    void theCustomersReplyToTheAcknowledgementAndAMailQuotingTheTrackingNumberJoinTheirComplaintButNobodyElses()
            throws Exception {
        String first = "thread-" + UUID.randomUUID() + "@mail.example.com";
        String sender = "chen.jing." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        deliver(plainMail(first, sender, "洗衣机漏水", "洗衣机买了一周就漏水。", null, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(first)).containsExactly("filed"));
        String complaintId = ComplaintIds.forChannelMessage(Channel.EMAIL, first);
        String trackingNumber = TrackingNumbers.forComplaint(complaintId);
        // the acknowledgement carries an id a reply names
        String ackId = "<" + Acknowledgements.messageIdOf(complaintId) + ">";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(inboxMessageIds(sender)).containsExactly(ackId));
        double addedBefore = count("added");

        // the customer answers the acknowledgement, as a mail client does: In-Reply-To and the thread's References
        String reply = "reply-" + UUID.randomUUID() + "@mail.example.com";
        String replyMail = plainMail(reply, sender, "Re: 我们已收到您的投诉", "补充：漏水在进水口附近，附照片。",
                Acknowledgements.messageIdOf(complaintId), "<" + first + "> " + ackId);
        deliver(replyMail);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(reply)).containsExactly("reply"));
        assertThat(records(reply).get(0).get("complaint_id")).isEqualTo(complaintId);
        assertThat(records(reply).get(0).get("tracking_number")).isEqualTo(trackingNumber);
        // delivered again: applied once
        deliver(replyMail);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(outcomes(reply)).containsExactly("reply", "duplicate"));

        // a new mail that quotes the tracking number in its subject, from the same address
        String quoting = "quoting-" + UUID.randomUUID() + "@mail.example.com";
        deliver(plainMail(quoting, sender, "关于 " + trackingNumber.toLowerCase() + " 的进展", "请问什么时候上门？",
                null, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(quoting)).containsExactly("reply"));

        // someone else answering a forwarded acknowledgement, or quoting the number, files a complaint of their own
        String stranger = "stranger." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String forwarded = "fwd-" + UUID.randomUUID() + "@mail.example.com";
        deliver(plainMail(forwarded, stranger, "Fw: " + trackingNumber, "我家的洗衣机也漏水。",
                Acknowledgements.messageIdOf(complaintId), ackId));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(forwarded)).containsExactly("filed"));

        JsonNode stream = events(complaintId);
        assertThat(types(stream)).containsExactly("ComplaintReceived", "ProgressNoted", "ProgressNoted");
        assertThat(stream.get(1).at("/payload/note").asText())
                .isEqualTo("客户来信补充：Re: 我们已收到您的投诉\n补充：漏水在进水口附近，附照片。");
        assertThat(stream.get(1).at("/payload/actor/type").asText()).isEqualTo("CUSTOMER");
        assertThat(stream.get(2).at("/payload/note").asText()).endsWith("请问什么时候上门？");
        assertThat(count("added")).isEqualTo(addedBefore + 2);
        // a reply is not acknowledged again: one mail in the customer's inbox
        assertThat(inboxMessageIds(sender)).hasSize(1);
    }

    @Test
    void aReplyWhileTheComplaintWaitsForTheCustomerIsTheirAnswer() throws Exception {
        String first = "asked-" + UUID.randomUUID() + "@mail.example.com";
        String sender = "wu.min." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        deliver(plainMail(first, sender, "Refund missing", "My refund has not arrived.", null, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(first)).containsExactly("filed"));
        String complaintId = ComplaintIds.forChannelMessage(Channel.EMAIL, first);
        client().post().uri("/api/v1/complaints/{id}/information-requests", complaintId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"by\": \"agent-3\", \"question\": \"Which order number?\"}")
                .exchange().expectStatus().isOk();

        String reply = "answer-" + UUID.randomUUID() + "@mail.example.com";
        deliver(plainMail(reply, sender, "Re: Refund missing", "Order R-5521.", first, "<" + first + ">"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(reply)).containsExactly("reply"));

        JsonNode stream = events(complaintId);
        assertThat(types(stream)).containsExactly("ComplaintReceived", "CustomerInformationRequested",
                "CustomerReplied");
        assertThat(stream.get(2).at("/payload/reply").asText()).isEqualTo("Re: Refund missing\nOrder R-5521.");
    }

    @Test
    void theSameMailDeliveredTwiceIsOneComplaintAndOneAcknowledgement() throws Exception {
        String id = "twice-" + UUID.randomUUID() + "@mail.example.com";
        String sender = "li.wei." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String raw = sample("utf8-html-only.eml").replace("html-only-0003@mail.example.com", id)
                .replace("li.wei@example.com", sender);
        double duplicatesBefore = count("duplicate");

        deliver(raw);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id)).containsExactly("filed"));
        deliver(raw);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(outcomes(id)).containsExactly("filed", "duplicate"));

        String complaintId = ComplaintIds.forChannelMessage(Channel.EMAIL, id);
        assertThat(events(complaintId)).hasSize(1);
        JsonNode received = events(complaintId).get(0).get("payload");
        assertThat(received.get("text").asText()).contains("My order B-778 arrived broken & the courier refused")
                .doesNotContain("<p>");
        assertThat(received.get("language").asText()).isEqualTo("en");
        assertThat(count("duplicate")).isEqualTo(duplicatesBefore + 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String[]> inbox = inbox(sender);
            assertThat(inbox).hasSize(1);
            assertThat(inbox.get(0)[0]).startsWith("We have received your complaint (tracking number ");
            assertThat(inbox.get(0)[1]).contains("Dear Li Wei,", "Broken on arrival — order B-778");
        });
        // the acknowledgement was sent once, and nothing else waits to go to this sender
        assertThat(jdbc.queryForList("SELECT sent_at FROM email_acknowledgement WHERE recipient = ?", sender))
                .hasSize(1).allSatisfy(row -> assertThat(row.get("sent_at")).isNotNull());
    }

    @Test
    void anAutoReplyAndABounceAreRecordedButNotFiledNorAcknowledged() throws Exception {
        String auto = "auto-" + UUID.randomUUID() + "@mail.example.com";
        String bounce = "bounce-" + UUID.randomUUID() + "@mail.example.com";
        double ignoredBefore = count("ignored");

        deliver(sample("auto-reply.eml").replace("auto-reply-0007@mail.example.com", auto));
        deliver(sample("bounce-dsn.eml").replace("bounce-0008@mail.example.com", bounce));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(outcomes(auto)).containsExactly("auto_reply");
            assertThat(outcomes(bounce)).containsExactly("auto_reply");
        });
        assertThat(records(auto).get(0).get("reason")).isEqualTo("Auto-Submitted: auto-replied");
        assertThat((String) records(bounce).get(0).get("reason")).contains("multipart/report");
        for (String key : List.of(auto, bounce)) {
            String complaintId = ComplaintIds.forChannelMessage(Channel.EMAIL, key);
            client().get().uri("/api/v1/complaints/{id}", complaintId).exchange().expectStatus().isNotFound();
            assertThat(jdbc.queryForList("SELECT 1 FROM email_acknowledgement WHERE complaint_id = ?", complaintId)).isEmpty();
        }
        assertThat(count("ignored")).isEqualTo(ignoredBefore + 2);
    }

    @Test
    void anUnparseableMailIsKeptWithItsReasonListedAndCanBeProcessedAgain() throws Exception {
        String id = "no-from-" + UUID.randomUUID() + "@mail.example.com";
        String raw = sample("missing-date.eml").replace("no-date-0005@mail.example.com", id)
                .replace("From: Tom Baker <tom.baker@example.com>\r\n", "From: Tom Baker\r\n");
        double rejectedBefore = count("rejected");

        deliver(raw);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id)).containsExactly("unparseable"));
        Map<String, Object> record = records(id).get(0);
        assertThat((String) record.get("reason")).contains("From");
        assertThat(new String((byte[]) record.get("raw"), StandardCharsets.ISO_8859_1))
                .contains("I returned the blender three weeks ago");
        assertThat(count("rejected")).isEqualTo(rejectedBefore + 1);
        long recordId = ((Number) record.get("id")).longValue();

        JsonNode listed = client().get().uri("/api/v1/channels/email/messages?outcome=unparseable&limit=500")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listed.findValuesAsText("messageId")).contains(id);
        assertThat(listed.findValuesAsText("outcome")).containsOnly("unparseable");

        // processed again (nothing was fixed): still kept, with its reason, not lost
        client().post().uri("/api/v1/channels/email/messages/{id}/reprocessing", recordId).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("unparseable")
                .jsonPath("$.reason").value(reason -> assertThat((String) reason).contains("From"));
        assertThat(outcomes(id)).containsExactly("unparseable");
    }

    @Test
    void binaryNoiseWithoutMailHeadersIsKeptAsUnparseable() throws Exception {
        String marker = "garbage-" + UUID.randomUUID();
        // what a broken client might hand the server: no headers worth the name, binary noise (the server adds
        // Received and Return-Path, so it is the missing sender that makes it unparseable)
        String raw = "X-Broken: " + marker + "\r\n\r\n" + "\u0001\u0002\u00ff\u00fe not a mail\r\n";
        deliver(raw);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT reason FROM email_message WHERE outcome = 'unparseable' AND convert_from(raw, 'LATIN1') LIKE ?",
                String.class, "%" + marker + "%")).singleElement().asString().contains("no From address"));
    }

    @Test
    void theAdminApiRefusesAnUnknownOutcomeNamingTheFieldAndAnswersProblemsForMailItCannotReprocess() {
        client().get().uri("/api/v1/channels/email/messages?outcome=lost").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("outcome")
                .jsonPath("$.errors[0].reason").value(reason -> assertThat((String) reason).contains("unparseable"));
        client().post().uri("/api/v1/channels/email/messages/{id}/reprocessing", Long.MAX_VALUE).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anSmtpOutageDelaysTheAcknowledgementAndTheMailboxShowsDownUntilTheMailServerIsBack() throws Exception {
        String sender = "outage." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String complaintId = "email-outage-" + UUID.randomUUID();
        MAIL.stop();
        try {
            acknowledgements.queue(new Acknowledgements.About(complaintId, "AB12CD34", sender, "Wang Fang",
                    "Late delivery", Instant.parse("2026-11-20T02:00:00Z"), false, null), Instant.now());

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Object> ack = jdbc.queryForList("SELECT attempts, last_error, sent_at FROM "
                        + "email_acknowledgement WHERE complaint_id = ?", complaintId).get(0);
                assertThat(((Number) ack.get("attempts")).intValue()).isGreaterThanOrEqualTo(1);
                assertThat(ack.get("last_error")).isNotNull();
                assertThat(ack.get("sent_at")).isNull();
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get().uri("/actuator/health")
                    .exchange().expectBody().jsonPath("$.components.mailbox.status").isEqualTo("DOWN"));
            assertThat(meters.get("closedloop.email.mailbox.connected").gauge().value()).isZero();
        } finally {
            MAIL.start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String[]> inbox = inbox(sender);
            assertThat(inbox).hasSize(1);
            assertThat(inbox.get(0)[1]).contains("Tracking number: AB12CD34");
        });
        assertThat(jdbc.queryForList("SELECT sent_at FROM email_acknowledgement WHERE complaint_id = ?", complaintId))
                .singleElement().satisfies(row -> assertThat(row.get("sent_at")).isNotNull());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get().uri("/actuator/health")
                .exchange().expectBody().jsonPath("$.components.mailbox.status").isEqualTo("UP"));
    }

    @Test
    void withImapIdleAMailIsFiledAsSoonAsTheServerPushesItWithoutWaitingForAPoll() throws Exception {
        // a second reader, in IDLE mode, on a mailbox of its own (the service's reader polls the complaints mailbox),
        // with a fallback check so rare (10 min) that only the server's push can explain a quick filing
        String mailbox = "idle-complaints@localhost";
        MAIL.addUser(mailbox, "idle-secret");
        EmailProperties.Imap shared = properties.imap();
        EmailProperties idle = new EmailProperties(true, properties.address(), new EmailProperties.Imap(
                shared.host(), shared.port(), shared.protocol(), mailbox, "idle-secret", "INBOX", "", "idle",
                Duration.ofMinutes(10), shared.timeout(), shared.firstRetryAfter(), shared.maxRetryAfter(),
                shared.maxMessageBytes()), properties.ack());
        MailboxState state = new MailboxState();
        MailboxReader reader = new MailboxReader(emailIntake, idle, Clock.systemUTC(), state, new SimpleMeterRegistry());
        reader.start();
        try {
            // connected and past its first look at the mailbox: from here on only IDLE notices new mail
            await().atMost(Duration.ofSeconds(30)).until(() -> state.connected()
                    && !"null".equals(state.health().getDetails().get("lastPollAt")));
            String id = "idle-" + UUID.randomUUID() + "@mail.example.com";
            String raw = sample("missing-date.eml").replace("no-date-0005@mail.example.com", id);
            MimeMessage message = new MimeMessage(session,
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            Transport transport = session.getTransport("smtp");
            transport.connect(MAIL.host(), MAIL.smtpPort(), null, null);
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(mailbox)});
            transport.close();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes(id)).containsExactly("filed"));
        } finally {
            reader.stop();
        }
        assertThat(reader.isRunning()).isFalse();
    }

    @Test
    void theMailboxShowsOnHealthAndTheChannelsCountsOnPrometheus() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> client().get().uri("/actuator/health").exchange()
                .expectBody().jsonPath("$.components.mailbox.status").isEqualTo("UP"));
        client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("closedloop_email_mailbox_connected")
                        .contains("closedloop_email_acknowledgements_pending"));
    }
}
