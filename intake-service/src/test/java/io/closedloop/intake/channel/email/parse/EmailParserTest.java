package io.closedloop.intake.channel.email.parse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailParserTest {

    static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");
    static final Instant ARRIVED = Instant.parse("2026-11-23T03:59:58Z");

    final EmailParser parser = new EmailParser();

    static byte[] sample(String name) throws IOException {
        try (InputStream in = EmailParserTest.class.getResourceAsStream("/mail/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    ParsedEmail parse(String name) throws Exception {
        return parser.parse(sample(name), ARRIVED, NOW);
    }

    @Test
    void aReplyNamesTheMailsItAnswersInReplyToFirstThenReferencesNewestFirst() throws Exception {
        String raw = """
                From: Chen Jing <chen.jing@example.com>
                To: complaints@localhost
                Subject: Re: your complaint
                Date: Mon, 23 Nov 2026 10:00:00 +0800
                Message-ID: <r3@mail.example.com>
                In-Reply-To: <ack.c-1@closed-loop>
                References: <first@mail.example.com>
                 <second@mail.example.com> <ack.c-1@closed-loop>
                Content-Type: text/plain; charset=UTF-8

                more details
                """.replace("\n", "\r\n");
        ParsedEmail mail = parser.parse(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8), ARRIVED, NOW);

        assertThat(mail.inReplyTo()).containsExactly("ack.c-1@closed-loop", "second@mail.example.com",
                "first@mail.example.com");
        assertThat(parse("gbk-base64.eml").inReplyTo()).isEmpty();
    }

    @Test
    void aGbkMailInBase64DecodesSubjectSenderAndBodyIncludingCharactersOutsideGb2312() throws Exception {
        ParsedEmail mail = parse("gbk-base64.eml");

        assertThat(mail.subject()).isEqualTo("投诉：热水壶漏水（朱镕）");
        assertThat(mail.senderName()).isEqualTo("朱镕");
        assertThat(mail.senderAddress()).isEqualTo("zhu.rong@example.com");
        assertThat(mail.text()).startsWith("您好：\n我在贵店买的电热水壶（订单 A-20261120-778）用了两天就漏水")
                .contains("联系人：朱镕先生。");
        assertThat(mail.receivedAt()).isEqualTo(Instant.parse("2026-11-23T01:15:00Z"));
        assertThat(mail.dateFromHeader()).isTrue();
        assertThat(mail.messageKey()).isEqualTo("gbk-base64-0001@mail.example.com");
        assertThat(mail.chinese()).isTrue();
        assertThat(mail.isAutoReply()).isFalse();
    }

    @Test
    void aMailLabelledGb2312InQuotedPrintableDecodesAsGb18030SoThatItsRareCharactersSurvive() throws Exception {
        ParsedEmail mail = parse("gb2312-quoted-printable.eml");

        assertThat(mail.senderName()).isEqualTo("王堃");
        assertThat(mail.subject()).isEqualTo("维修预约无人上门");
        assertThat(mail.text()).contains("我叫王堃，上周预约的上门维修一直没人来").doesNotContain("\uFFFD");
    }

    @Test
    void anHtmlOnlyMailBecomesReadableTextWithoutTagsStylesOrEntities() throws Exception {
        ParsedEmail mail = parse("utf8-html-only.eml");

        assertThat(mail.subject()).isEqualTo("Broken on arrival — order B-778");
        assertThat(mail.senderName()).isEqualTo("Li Wei");
        assertThat(mail.text()).contains("Hello,", "My order B-778 arrived broken & the courier refused",
                "Please call me.", "— Li Wei").doesNotContain("<", "color:red", "&amp;");
        assertThat(mail.text().lines()).contains("Please call me.");
        assertThat(mail.chinese()).isFalse();
    }

    @Test
    void aMultipartMailPrefersThePlainTextAndKeepsTheAttachmentWithItsDecodedNameAndHash() throws Exception {
        ParsedEmail mail = parse("multipart-attachment.eml");

        assertThat(mail.text()).isEqualTo("发票上的金额比实际付款多了 200 元，见附件截图。");
        assertThat(mail.attachments()).hasSize(1);
        EmailAttachment png = mail.attachments().get(0);
        assertThat(png.fileName()).isEqualTo("发票截图.png");
        assertThat(png.contentType()).isEqualTo("image/png");
        assertThat(png.size()).isEqualTo(69);
        assertThat(png.bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.sha256()).isEqualTo(EmailParser.sha256(png.bytes())).hasSize(64);
    }

    @Test
    void aMailWithoutDateIsReceivedAtItsArrivalAndSaysSo() throws Exception {
        ParsedEmail mail = parse("missing-date.eml");

        assertThat(mail.receivedAt()).isEqualTo(ARRIVED);
        assertThat(mail.dateFromHeader()).isFalse();
        assertThat(mail.notes()).anyMatch(n -> n.startsWith("Date header missing"));
    }

    @Test
    void aDateFromTheFutureIsTheSendersClockAndTheArrivalTimeIsTaken() throws Exception {
        String raw = new String(sample("missing-message-id.eml"), StandardCharsets.US_ASCII)
                .replace("Date: Thu, 19 Nov 2026 11:11:11 +0800", "Date: Fri, 01 Jan 2027 08:00:00 +0800");

        ParsedEmail mail = parser.parse(raw.getBytes(StandardCharsets.US_ASCII), ARRIVED, NOW);

        assertThat(mail.receivedAt()).isEqualTo(ARRIVED);
        assertThat(mail.notes()).anyMatch(n -> n.contains("cannot be right"));
    }

    @Test
    void aMailWithoutMessageIdIsKnownByTheHashOfItsBytesSoTheSameBytesGiveTheSameKey() throws Exception {
        ParsedEmail first = parse("missing-message-id.eml");
        ParsedEmail again = parse("missing-message-id.eml");

        assertThat(first.messageId()).isNull();
        assertThat(first.messageKey()).isEqualTo("sha256:" + EmailParser.sha256(sample("missing-message-id.eml")))
                .isEqualTo(again.messageKey());
        assertThat(first.receivedAt()).isEqualTo(Instant.parse("2026-11-19T03:11:11Z"));
    }

    @Test
    void anAutoReplyIsRecognisedByItsHeaders() throws Exception {
        ParsedEmail mail = parse("auto-reply.eml");

        assertThat(mail.isAutoReply()).isTrue();
        assertThat(mail.autoReply()).isEqualTo("Auto-Submitted: auto-replied");
        assertThat(mail.subject()).isEqualTo("自动回复: 您的投诉已收到");
    }

    @Test
    void aBounceIsRecognisedAsADeliveryReport() throws Exception {
        ParsedEmail mail = parse("bounce-dsn.eml");

        assertThat(mail.isAutoReply()).isTrue();
        assertThat(mail.autoReply()).contains("multipart/report", "delivery-status");
    }

    @Test
    void anOutOfOfficeSubjectWithoutAutoReplyHeadersIsStillTakenAsAnAutoReply() throws Exception {
        String raw = new String(sample("missing-date.eml"), StandardCharsets.US_ASCII)
                .replace("Subject: Refund still missing", "Subject: Out of Office: Refund still missing");

        assertThat(parser.parse(raw.getBytes(StandardCharsets.US_ASCII), ARRIVED, NOW).autoReply())
                .contains("reads as an auto-reply");
    }

    @Test
    void autoSubmittedNoIsAPersonsMail() throws Exception {
        String raw = new String(sample("missing-date.eml"), StandardCharsets.US_ASCII)
                .replace("MIME-Version: 1.0", "Auto-Submitted: no\r\nMIME-Version: 1.0");

        assertThat(parser.parse(raw.getBytes(StandardCharsets.US_ASCII), ARRIVED, NOW).isAutoReply()).isFalse();
    }

    @Test
    void garbageIsUnparseableWithAReason() {
        assertThatThrownBy(() -> parse("garbage.eml")).isInstanceOf(UnparseableEmailException.class)
                .hasMessageContaining("not a mail message");
    }

    @Test
    void aMailWithoutFromIsUnparseableButKeepsItsMessageId() throws Exception {
        String raw = new String(sample("missing-date.eml"), StandardCharsets.US_ASCII)
                .replace("From: Tom Baker <tom.baker@example.com>\r\n", "");

        assertThatThrownBy(() -> parser.parse(raw.getBytes(StandardCharsets.US_ASCII), ARRIVED, NOW))
                .isInstanceOfSatisfying(UnparseableEmailException.class, e -> {
                    assertThat(e.getMessage()).contains("no From address");
                    assertThat(e.messageId()).isEqualTo("no-date-0005@mail.example.com");
                });
    }

    @Test
    void aBrokenBase64BodyIsUnparseable() throws Exception {
        String raw = "From: a@example.com\r\nSubject: x\r\nDate: Thu, 19 Nov 2026 11:11:11 +0800\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "!!!! not base64 ####\r\n";

        assertThatThrownBy(() -> parser.parse(raw.getBytes(StandardCharsets.US_ASCII), ARRIVED, NOW))
                .isInstanceOf(UnparseableEmailException.class).hasMessageContaining("cannot be decoded");
    }

    @Test
    void rawEightBitUtf8HeadersAreDecodedToo() throws Exception {
        byte[] raw = ("From: 陈静 <chen.jing@example.com>\r\nSubject: 空调不制冷\r\nDate: Thu, 19 Nov 2026 11:11:11 +0800\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n空调装好第二天就不制冷了。\r\n").getBytes(StandardCharsets.UTF_8);

        ParsedEmail mail = parser.parse(raw, ARRIVED, NOW);

        assertThat(mail.subject()).isEqualTo("空调不制冷");
        assertThat(mail.senderName()).isEqualTo("陈静");
        assertThat(mail.text()).isEqualTo("空调装好第二天就不制冷了。");
    }
}
