package io.closedloop.intake.channel.email.parse;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw mail (RFC 5322 / MIME bytes, as read from the mailbox) into a {@link ParsedEmail}: sender, subject,
 * text (text/plain preferred, else the HTML converted to text), the Date header as the time the customer
 * complained, the Message-ID as the idempotency key, and attachments as stored references. Charsets are decoded
 * through {@link MailCharsets} (GB2312 and GBK as GB18030), in headers too. A mail that cannot be read is an
 * {@link UnparseableEmailException} with the reason; nothing is silently dropped.
 */
public final class EmailParser {

    /** Intake's limits (ComplaintSubmissionValidator): longer text is cut, with a note, rather than refused. */
    static final int MAX_TEXT = 20_000;
    static final int MAX_SUBJECT = 300;
    static final int MAX_ATTACHMENTS = 20;
    static final int MAX_MESSAGE_ID = 200;
    /** Intake refuses a receivedAt this far ahead: a sender's clock that is wrong, not a mail from the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n]]|\\p{Cs}");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private final Session session;

    public EmailParser() {
        Properties props = new Properties();
        // read what senders actually send: lenient address syntax, RFC 2231 file names
        props.put("mail.mime.address.strict", "false");
        props.put("mail.mime.decodeparameters", "true");
        this.session = Session.getInstance(props);
    }

    /**
     * @param arrivedAt when the mailbox received it (IMAP INTERNALDATE, else now): the received time of a mail
     *                  whose Date header is missing or unusable
     * @param now       the service clock's time, to tell a sender's wrong clock from a real date
     */
    public ParsedEmail parse(byte[] raw, Instant arrivedAt, Instant now) throws UnparseableEmailException {
        if (raw == null || raw.length == 0) {
            throw new UnparseableEmailException("the message is empty", null, null);
        }
        MimeMessage message;
        String messageId = null;
        try {
            message = new MimeMessage(session, new ByteArrayInputStream(raw));
            if (!Collections.list(message.getAllHeaders()).stream().map(Header::getName)
                    .anyMatch(name -> name.equalsIgnoreCase("From") || name.equalsIgnoreCase("Received")
                            || name.equalsIgnoreCase("Date") || name.equalsIgnoreCase("Subject"))) {
                throw new UnparseableEmailException("no mail headers (From, Date, Subject): not a mail message",
                        null, null);
            }
            messageId = cleanMessageId(first(message, "Message-ID"));
            List<String> notes = new ArrayList<>();
            InternetAddress sender = sender(message, messageId);
            String subject = subject(message, notes);
            String autoReply = AutoReplies.reason(message, sender.getAddress(), subject);
            Instant receivedAt = receivedAt(message, arrivedAt, now, notes);
            boolean dateFromHeader = notes.stream().noneMatch(n -> n.startsWith("Date"));
            Body body = new Body();
            if (autoReply == null) {
                walk(message, body, notes);
            }
            String text = body.plain != null ? body.plain : body.html != null ? htmlToText(body.html) : null;
            text = text == null ? "" : clean(text);
            if (autoReply == null && text.isBlank()) {
                if (subject == null || subject.isBlank()) {
                    throw new UnparseableEmailException("no text: the subject and the body are empty", messageId, null);
                }
                text = subject;
                notes.add("the body is empty: the subject is the complaint's text");
            }
            if (text.codePointCount(0, text.length()) > MAX_TEXT) {
                text = text.substring(0, text.offsetByCodePoints(0, MAX_TEXT));
                notes.add("the text was cut to " + MAX_TEXT + " characters");
            }
            String key = messageId != null ? messageKey(messageId) : "sha256:" + sha256(raw);
            if (messageId == null) {
                notes.add("no Message-ID: the mail is known by the SHA-256 of its bytes");
            }
            String name = sender.getPersonal() == null || sender.getPersonal().isBlank() ? null
                    : clean(sender.getPersonal()).replace('\n', ' ');
            boolean chinese = HAN.matcher(text).find() || (subject != null && HAN.matcher(subject).find());
            return new ParsedEmail(key, messageId, sender.getAddress(), truncate(name, 200), subject, text,
                    receivedAt, dateFromHeader, List.copyOf(body.attachments), chinese, autoReply, List.copyOf(notes),
                    threadReferences(message));
        } catch (MessagingException e) {
            throw new UnparseableEmailException("not a readable MIME message: " + e.getMessage(), messageId, e);
        } catch (IOException e) {
            throw new UnparseableEmailException("the body cannot be decoded: " + e, messageId, e);
        }
    }

    /** The key a complaint is filed under: the Message-ID, or a hash of an overlong one. */
    static String messageKey(String messageId) {
        return messageId.length() <= MAX_MESSAGE_ID ? messageId
                : "sha256:" + sha256(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Message ids in angle brackets, e.g. {@code <a@x> <b@y>} or folded over lines. */
    private static final Pattern BRACKETED_ID = Pattern.compile("<([^<>\\s]{1,998})>");
    /** A thread is never followed further back than this: enough for any real conversation. */
    private static final int MAX_THREAD_REFERENCES = 50;

    /**
     * The keys of the mails this one answers: In-Reply-To first, then References from the newest back (RFC 5322
     * 3.6.4), without duplicates.
     */
    private static List<String> threadReferences(MimeMessage message) throws MessagingException {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (String header : new String[] {"In-Reply-To", "References"}) {
            String[] values = message.getHeader(header);
            if (values == null) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (String value : values) {
                Matcher m = BRACKETED_ID.matcher(value);
                while (m.find()) {
                    String id = cleanMessageId(m.group(1));
                    if (id != null) {
                        ids.add(messageKey(id));
                    }
                }
            }
            Collections.reverse(ids); // References lists the oldest first
            keys.addAll(ids);
        }
        return keys.stream().limit(MAX_THREAD_REFERENCES).toList();
    }

    private static String cleanMessageId(String header) {
        if (header == null) {
            return null;
        }
        String id = header.strip();
        if (id.startsWith("<") && id.indexOf('>') > 0) {
            id = id.substring(1, id.indexOf('>'));
        }
        id = CONTROL.matcher(id).replaceAll("").strip();
        return id.isEmpty() ? null : id;
    }

    private static InternetAddress sender(MimeMessage message, String messageId) throws MessagingException,
            UnparseableEmailException {
        String from = first(message, "From");
        if (from == null) {
            from = first(message, "Sender");
        }
        if (from == null || from.isBlank()) {
            throw new UnparseableEmailException("no From address: the sender cannot be answered", messageId, null);
        }
        String decoded = EncodedWords.decode(from);
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(decoded, false);
            for (InternetAddress address : addresses) {
                if (address.getAddress() != null && address.getAddress().indexOf('@') > 0) {
                    return address;
                }
            }
        } catch (AddressException e) {
            throw new UnparseableEmailException("the From header is not an address: " + e.getMessage(), messageId, e);
        }
        throw new UnparseableEmailException("the From header holds no address: " + truncate(decoded, 200), messageId,
                null);
    }

    private static String subject(MimeMessage message, List<String> notes) throws MessagingException {
        String raw = first(message, "Subject");
        if (raw == null) {
            return null;
        }
        String subject = clean(EncodedWords.decode(raw)).replaceAll("\\s+", " ").strip();
        if (subject.codePointCount(0, subject.length()) > MAX_SUBJECT) {
            subject = subject.substring(0, subject.offsetByCodePoints(0, MAX_SUBJECT));
            notes.add("the subject was cut to " + MAX_SUBJECT + " characters");
        }
        return subject.isEmpty() ? null : subject;
    }

    /** The Date header, the customer's own time; the arrival time when it is missing or cannot be right. */
    private static Instant receivedAt(MimeMessage message, Instant arrivedAt, Instant now, List<String> notes)
            throws MessagingException {
        String header = first(message, "Date");
        if (header == null) {
            notes.add("Date header missing: the arrival time " + arrivedAt + " is the received time");
            return arrivedAt;
        }
        java.util.Date date;
        try {
            date = new MailDateFormat().parse(header.strip());
        } catch (java.text.ParseException e) {
            date = null;
        }
        if (date == null) {
            notes.add("Date header \"" + truncate(header.strip(), 100) + "\" cannot be read: the arrival time "
                    + arrivedAt + " is the received time");
            return arrivedAt;
        }
        Instant sent = date.toInstant();
        if (sent.isAfter(now.plus(CLOCK_SKEW)) || sent.isBefore(EARLIEST)) {
            notes.add("Date header " + sent + " cannot be right (the sender's clock?): the arrival time " + arrivedAt
                    + " is the received time");
            return arrivedAt;
        }
        return sent;
    }

    private static final class Body {
        String plain;
        String html;
        final List<EmailAttachment> attachments = new ArrayList<>();
    }

    private static void walk(Part part, Body body, List<String> notes) throws MessagingException, IOException {
        ContentType type = contentType(part);
        String disposition = part.getDisposition();
        String fileName = part.getFileName();
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || fileName != null;
        if (type.match("multipart/*") && !attachment) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                throw new MessagingException("a multipart without parts");
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, body, notes);
            }
            return;
        }
        if (!attachment && type.match("text/plain") && body.plain == null) {
            body.plain = decodeText(part, type, notes);
        } else if (!attachment && type.match("text/html") && body.html == null) {
            body.html = decodeText(part, type, notes);
        } else if (attachment || !type.getPrimaryType().equalsIgnoreCase("text")) {
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (body.attachments.size() >= MAX_ATTACHMENTS) {
                notes.add("attachment \"" + fileName + "\" not kept: more than " + MAX_ATTACHMENTS);
                return;
            }
            String name = fileName == null ? null : clean(EncodedWords.decode(fileName)).replace('\n', ' ').strip();
            if (name == null || name.isEmpty()) {
                name = "attachment-" + (body.attachments.size() + 1);
            }
            body.attachments.add(new EmailAttachment(truncate(name, 255),
                    type.getBaseType().toLowerCase(java.util.Locale.ROOT), bytes, sha256(bytes)));
        }
    }

    private static ContentType contentType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
        } catch (ParseException e) {
            // a broken Content-Type reads as plain text (RFC 2045's default), so the words still reach us
            return new ContentType("text", "plain", null);
        }
    }

    /** The part's text: transfer-decoded by Jakarta Mail, charset-decoded here. */
    private static String decodeText(Part part, ContentType type, List<String> notes) throws MessagingException,
            IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String label = type.getParameter("charset");
        Charset charset = MailCharsets.forLabel(label);
        if (charset == null) {
            if (label != null) {
                notes.add("unknown charset \"" + label + "\": the text was decoded by guessing");
            }
            return MailCharsets.decodeGuessing(bytes);
        }
        try {
            return MailCharsets.decodeStrict(bytes, charset);
        } catch (CharacterCodingException e) {
            notes.add("the text is not valid " + label + ": it was decoded by guessing");
            return MailCharsets.decodeGuessing(bytes);
        }
    }

    /** HTML to readable text: paragraphs and line breaks kept, tags, scripts and styles gone. */
    static String htmlToText(String html) {
        Document document = Jsoup.parse(html);
        document.select("script, style, head").remove();
        document.outputSettings(new Document.OutputSettings().prettyPrint(false));
        document.select("br").after("\\n");
        document.select("p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, table").before("\\n");
        String marked = document.body() == null ? document.html() : document.body().html().replace("\\n", "\n");
        String text = Jsoup.clean(marked, "", Safelist.none(),
                new Document.OutputSettings().prettyPrint(false));
        return Parser.unescapeEntities(text, false);
    }

    /** Line breaks as LF, no control characters, no runs of blank lines, no trailing spaces. */
    private static String clean(String text) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00A0', ' ');
        t = CONTROL.matcher(t).replaceAll("");
        t = t.lines().map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n"));
        return BLANK_LINES.matcher(t).replaceAll("\n\n").strip();
    }

    private static String first(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static String truncate(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
