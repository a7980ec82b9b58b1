package io.closedloop.feedback;

import com.icegreen.greenmail.util.GreenMail;
import io.closedloop.deploy.DelayingMailRelay;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;

/**
 * One real mail server (GreenMail: SMTP in, IMAP out) per test JVM, shared like the broker and the database. Its
 * ports stay the same across {@link #stop()} and {@link #start()}, so a test can take the server away from the
 * running service and bring it back. Mail to any address creates that mailbox (login and password: the address),
 * so tests read a customer's mail over IMAP as the customer's mail client would.
 *
 * <p>It also holds the service's journal mailbox ({@link #JOURNAL_ADDRESS}), which the service reads over IMAP
 * through a gate of its own ({@link #journalImapPort()}): a test can take IMAP away from the service
 * ({@link #closeJournalGate()}) while SMTP stays up.
 */
public final class TestMailServer {

    public static final String JOURNAL_ADDRESS = "feedback-journal@localhost";
    public static final String JOURNAL_PASSWORD = "feedback-journal";

    private static TestMailServer instance;

    private final int smtpPort;
    private final int imapPort;
    private final int journalImapPort;
    private GreenMail greenMail;
    private DelayingMailRelay journalGate;

    private TestMailServer(int smtpPort, int imapPort, int journalImapPort) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.journalImapPort = journalImapPort;
    }

    public static synchronized TestMailServer get() {
        if (instance == null) {
            instance = new TestMailServer(freePort(), freePort(), freePort());
            instance.start();
            instance.openJournalGate();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "test-mail-server-stopper"));
        }
        return instance;
    }

    public synchronized void start() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup[] {
                    new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
            greenMail.start();
            greenMail.setUser(JOURNAL_ADDRESS, JOURNAL_ADDRESS, JOURNAL_PASSWORD);
        }
    }

    /** The port where the service reads the journal mailbox over IMAP: a relay to the server's IMAP port. */
    public int journalImapPort() {
        return journalImapPort;
    }

    /** Takes IMAP away from the service (connections to {@link #journalImapPort()} are refused); SMTP stays. */
    public synchronized void closeJournalGate() {
        if (journalGate != null) {
            journalGate.close();
            journalGate = null;
        }
    }

    /** Brings IMAP back for the service, on the same port. */
    public synchronized void openJournalGate() {
        if (journalGate == null) {
            journalGate = DelayingMailRelay.start(journalImapPort, "127.0.0.1", imapPort);
        }
    }

    /** Takes the server away: connections to its SMTP port are refused until {@link #start()}. */
    public synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The mails in {@code address}'s inbox, read over IMAP (an empty list if it has received none). */
    public List<Mail> inbox(String address) {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", Integer.toString(imapPort));
        try {
            Store store = Session.getInstance(props).getStore("imap");
            try {
                store.connect("127.0.0.1", imapPort, address, address);
            } catch (jakarta.mail.AuthenticationFailedException noMailboxYet) {
                return List.of();
            }
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    return java.util.Arrays.stream(inbox.getMessages()).map(Mail::read).toList();
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("could not read " + address + " over IMAP", e);
        }
    }

    /** A mail as the customer reads it: its headers, its text and its PDF attachment, if any. */
    public record Mail(String messageId, String subject, String from, String language, String text,
            String attachmentName, byte[] attachment) {

        static Mail read(Message message) {
            try {
                String text = null;
                String attachmentName = null;
                byte[] attachment = null;
                Object content = message.getContent();
                if (content instanceof String s) {
                    text = s;
                } else if (content instanceof jakarta.mail.Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        var part = multipart.getBodyPart(i);
                        if (part.getFileName() != null) {
                            attachmentName = part.getFileName();
                            attachment = part.getInputStream().readAllBytes();
                        } else if (part.getContent() instanceof String s) {
                            text = s;
                        } else if (part.getContent() instanceof jakarta.mail.Multipart inner) {
                            text = (String) inner.getBodyPart(0).getContent();
                        }
                    }
                }
                String[] ids = message.getHeader("Message-ID");
                String[] language = message.getHeader("Content-Language");
                // SMTP carries lines as CRLF; the text as written had LF
                text = text == null ? null : text.replace("\r\n", "\n");
                return new Mail(ids == null ? null : ids[0], message.getSubject(),
                        message.getFrom()[0].toString(), language == null ? null : language[0], text,
                        attachmentName, attachment);
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("could not read a mail", e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
