package io.closedloop.deploy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The platform's own mail server (GreenMail, in memory): SMTP in on {@link #DEFAULT_SMTP_PORT}, IMAP out on
 * {@link #DEFAULT_IMAP_PORT}, no TLS. It holds the complaints mailbox ({@value #COMPLAINTS_ADDRESS}, password
 * {@value #COMPLAINTS_PASSWORD}) that intake-service reads, so {@code swaks --to complaints@localhost --server
 * localhost:3025} files a complaint. Mail to any other address creates that mailbox on the fly (login and password:
 * the address), so the acknowledgements intake sends and feedback-service's result letters can be read over IMAP
 * as the customer would. It also holds feedback-service's journal mailbox ({@value #FEEDBACK_JOURNAL_ADDRESS},
 * password {@value #FEEDBACK_JOURNAL_PASSWORD}), which gets a copy (Bcc) of every mail feedback sends and which
 * feedback searches over IMAP before it sends again a mail whose hand-over had no recorded outcome. Mail lives in
 * memory: a restart empties every mailbox.
 */
public final class LocalMailServer implements AutoCloseable {

    public static final int DEFAULT_SMTP_PORT = 3025;
    public static final int DEFAULT_IMAP_PORT = 3143;
    public static final String COMPLAINTS_ADDRESS = "complaints@localhost";
    /** Local only; documented in the README. A real mailbox's password comes from the environment. */
    public static final String COMPLAINTS_PASSWORD = "complaints";
    public static final String FEEDBACK_JOURNAL_ADDRESS = "feedback-journal@localhost";
    /** Local only, like the complaints mailbox's. */
    public static final String FEEDBACK_JOURNAL_PASSWORD = "feedback-journal";

    private final int smtpPort;
    private final int imapPort;
    private final String host;
    private GreenMail greenMail;

    private LocalMailServer(String host, int smtpPort, int imapPort) {
        this.host = host;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /**
     * Starts the server on these ports (0: a free port) on the loopback interface, with the complaints mailbox.
     */
    public static LocalMailServer start(int smtpPort, int imapPort) {
        LocalMailServer server = new LocalMailServer("127.0.0.1",
                smtpPort == 0 ? freePort() : smtpPort, imapPort == 0 ? freePort() : imapPort);
        server.start();
        return server;
    }

    /**
     * Starts it again after {@link #stop()} on the same ports (e.g. a test taking the mail server away and back).
     * The mailboxes start empty; the complaints and journal mailboxes exist again.
     */
    public synchronized void start() {
        if (greenMail == null) {
            GreenMail mail = new GreenMail(new ServerSetup[] {
                    new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(imapPort, host, ServerSetup.PROTOCOL_IMAP)});
            mail.start();
            mail.setUser(COMPLAINTS_ADDRESS, COMPLAINTS_ADDRESS, COMPLAINTS_PASSWORD);
            // before any mail reaches it, so that feedback can log in (and find nothing) from the start
            mail.setUser(FEEDBACK_JOURNAL_ADDRESS, FEEDBACK_JOURNAL_ADDRESS, FEEDBACK_JOURNAL_PASSWORD);
            greenMail = mail;
        }
    }

    /** Adds a mailbox with its login and password (mail to an unknown address creates one on the fly anyway). */
    public synchronized void addUser(String address, String password) {
        if (greenMail == null) {
            throw new IllegalStateException("the mail server is stopped");
        }
        greenMail.setUser(address, address, password);
    }

    /** Takes the server away: its ports refuse connections until {@link #start()}. */
    public synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    public synchronized boolean isRunning() {
        return greenMail != null;
    }

    public String host() {
        return host;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the mail server", e);
        }
    }
}
