package io.closedloop.intake.channel.email.imap;

import io.closedloop.intake.channel.email.EmailIntake;
import io.closedloop.intake.channel.email.settings.EmailProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the complaints mailbox over IMAP(S) on a thread of its own: every unseen mail goes to {@link EmailIntake},
 * and is marked seen (and moved to the processed folder, if one is set) only after what became of it is durable. A
 * crash in between leaves the mail unseen: it is read again and filed as a duplicate, which is harmless. A broken
 * connection or a mailbox that is down is retried with a doubling back-off, never ends the service, and shows on
 * {@code /actuator/health} (component {@code mailbox}) and as {@code closedloop_email_mailbox_connected}.
 */
@Component
@ConditionalOnProperty(name = "closedloop.intake.email.enabled", havingValue = "true")
public class MailboxReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailboxReader.class);

    private final EmailIntake intake;
    private final EmailProperties.Imap settings;
    private final Clock clock;
    private final MailboxState state;
    private final Counter failures;
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private volatile Store store;
    private volatile Folder folder;
    private Thread thread;

    public MailboxReader(EmailIntake intake, EmailProperties properties, Clock clock, MailboxState state,
                         MeterRegistry meters) {
        this.intake = intake;
        this.settings = properties.imap();
        this.clock = clock;
        this.state = state;
        this.failures = Counter.builder("closedloop.email.mailbox.failures")
                .description("Times the mailbox could not be read (connection refused, login failed, broken off)")
                .register(meters);
        Gauge.builder("closedloop.email.mailbox.connected", state, s -> s.connected() ? 1 : 0)
                .description("1 while the email channel is connected to its mailbox").register(meters);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "email-mailbox-reader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        Folder open = folder;
        if (open != null) {
            wake(open); // ends an IMAP IDLE: the reader sees running=false and closes the mailbox itself
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Store current = store;
            if (thread.isAlive() && current != null) {
                // still stuck (a server that does not answer): cut the connection without waiting for it
                Thread closer = new Thread(() -> {
                    try {
                        current.close();
                    } catch (MessagingException e) {
                        log.debug("closing the mailbox on shutdown: {}", e.toString());
                    }
                }, "email-mailbox-closer");
                closer.setDaemon(true);
                closer.start();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        int failed = 0;
        while (running) {
            try {
                readUntilStopped();
                failed = 0;
            } catch (MessagingException | IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                failed++;
                failures.increment();
                state.failed(e.toString(), clock.instant());
                Duration wait = backOff(failed);
                log.warn("Mailbox {}:{}/{} not readable (attempt {}), next try in {}: {}", settings.host(),
                        settings.port(), settings.folder(), failed, wait, e.toString());
                pause(wait);
            }
        }
    }

    private void readUntilStopped() throws MessagingException, IOException {
        Session session = Session.getInstance(sessionProperties());
        Store connected = session.getStore(settings.protocol());
        store = connected;
        try {
            connected.connect(settings.host(), settings.port(), settings.username(), settings.password());
            Folder folder = connected.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            this.folder = folder;
            Folder processed = null;
            if (settings.processedFolder() != null && !settings.processedFolder().isBlank()) {
                processed = connected.getFolder(settings.processedFolder());
                if (!processed.exists()) {
                    processed.create(Folder.HOLDS_MESSAGES);
                }
            }
            state.connected(clock.instant());
            log.info("Reading mailbox {}@{}:{}/{} ({})", settings.username(), settings.host(), settings.port(),
                    settings.folder(), settings.idle() ? "IMAP IDLE" : "polling every " + settings.pollInterval());
            // IDLE waits for the server's push; a check every poll-interval from another thread ends each IDLE in
            // time (servers drop one after ~30 min) and catches anything a push missed
            ScheduledExecutorService waker = null;
            if (settings.idle() && folder instanceof IMAPFolder) {
                waker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "email-mailbox-idle-waker");
                    t.setDaemon(true);
                    return t;
                });
                long every = settings.pollInterval().toMillis();
                waker.scheduleAtFixedRate(() -> wake(folder), every, every, TimeUnit.MILLISECONDS);
            }
            try {
                while (running) {
                    readUnseen(folder, processed);
                    state.polled(clock.instant());
                    if (waker != null) {
                        ((IMAPFolder) folder).idle(true); // returns on the server's news, the waker, or a lost connection
                    } else {
                        pause(settings.pollInterval());
                    }
                    if (running && !folder.isOpen()) {
                        throw new MessagingException("the mailbox closed the folder");
                    }
                }
            } finally {
                if (waker != null) {
                    waker.shutdownNow();
                }
            }
        } finally {
            folder = null;
            store = null;
            state.disconnected();
            try {
                connected.close();
            } catch (MessagingException e) {
                log.debug("closing the mailbox: {}", e.toString());
            }
        }
    }

    private void readUnseen(Folder folder, Folder processed) throws MessagingException, IOException {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        boolean moved = false;
        for (Message message : unseen) {
            if (!running) {
                return;
            }
            if (message.isExpunged()) {
                continue;
            }
            EmailIntake.Result result = take(message);
            log.info("Mail {} from the mailbox: {}{}", result.recordId(), result.outcome(),
                    result.complaintId() == null ? "" : " (complaint " + result.complaintId() + ")");
            // durable now: only then is it seen
            message.setFlag(Flags.Flag.SEEN, true);
            if (processed != null) {
                folder.copyMessages(new Message[] {message}, processed);
                message.setFlag(Flags.Flag.DELETED, true);
                moved = true;
            }
        }
        if (moved) {
            folder.expunge();
        }
    }

    /**
     * Hands one mail to the intake. A mail the server cannot describe (its envelope, size or date) is still read; one
     * it cannot even hand over is recorded as unparseable with the server's error, so that one bad mail never
     * blocks the mailbox. A lost connection is no such mail: it ends this round and the reader reconnects.
     */
    private EmailIntake.Result take(Message message) throws MessagingException, IOException {
        Instant arrived = clock.instant();
        int size = -1;
        try {
            if (message.getReceivedDate() != null) {
                arrived = message.getReceivedDate().toInstant();
            }
            size = message.getSize();
        } catch (FolderClosedException | StoreClosedException e) {
            throw e;
        } catch (MessagingException e) {
            log.warn("Mail {}: the server cannot describe it ({}); reading it anyway", message.getMessageNumber(),
                    e.toString());
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            if (size > settings.maxMessageBytes()) {
                log.warn("Mail {} is {} bytes, above the limit of {}: kept with only its headers",
                        message.getMessageNumber(), size, settings.maxMessageBytes());
                // the headers alone: enough to record who sent what, never enough to exhaust the heap
                for (var header : java.util.Collections.list(message.getAllHeaders())) {
                    raw.writeBytes((header.getName() + ": " + header.getValue() + "\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } else {
                message.writeTo(raw); // BODY.PEEK (mail.imap.peek): reading does not mark it seen
            }
        } catch (FolderClosedException | StoreClosedException e) {
            throw e;
        } catch (MessagingException e) {
            return intake.keepUnreadable("the mailbox could not hand the mail over: " + e, arrived);
        }
        return intake.take(raw.toByteArray(), arrived);
    }

    /** Any command on the folder from another thread ends the IDLE in progress (Angus Mail's documented way). */
    private static void wake(Folder folder) {
        try {
            folder.getMessageCount();
        } catch (MessagingException | IllegalStateException e) {
            log.debug("waking the IMAP IDLE: {}", e.toString()); // the reader sees the broken connection itself
        }
    }

    private Properties sessionProperties() {
        Properties props = new Properties();
        String p = settings.protocol();
        long timeout = settings.timeout().toMillis();
        props.put("mail." + p + ".connectiontimeout", Long.toString(timeout));
        props.put("mail." + p + ".timeout", Long.toString(Math.max(timeout, settings.pollInterval().toMillis() * 2)));
        props.put("mail." + p + ".writetimeout", Long.toString(timeout));
        props.put("mail." + p + ".peek", "true");
        return props;
    }

    private Duration backOff(int failed) {
        Duration wait = settings.firstRetryAfter().multipliedBy(1L << Math.min(failed - 1, 20));
        return wait.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : wait;
    }

    private void pause(Duration duration) {
        synchronized (wakeUp) {
            if (!running) {
                return;
            }
            try {
                wakeUp.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
