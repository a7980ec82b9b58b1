package io.closedloop.feedback.mail;

import io.closedloop.feedback.config.FeedbackProperties;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.MessageIDTerm;
import org.springframework.stereotype.Component;

import java.util.Properties;

/**
 * The journal mailbox, read over IMAP: it keeps a copy of every mail this service sends (each carries a Bcc to it),
 * so it can tell whether a mail whose hand-over has no recorded outcome reached the mail server. SMTP has no
 * idempotent send and cannot commit with the database; the journal is the mail server's own record of what it took.
 *
 * <p>Every question opens its own connection (they are rare: only after a crash or a lost database), and every
 * IMAP call has a time-out, so an unreachable server costs the dispatcher at most that.
 */
@Component
class MailJournal {

    private final FeedbackProperties.Journal journal;

    MailJournal(FeedbackProperties properties) {
        this.journal = properties.mail().journal();
    }

    boolean enabled() {
        return journal.enabled();
    }

    /** The address every mail is copied to (Bcc), or null when there is no journal. */
    String address() {
        return journal.address();
    }

    /**
     * @param messageId the mail's {@code Message-ID}, angle brackets included
     * @return true if the journal holds a mail with this Message-ID
     * @throws JournalUnavailableException if the journal could not be asked (then nothing is known)
     */
    boolean holds(String messageId) {
        FeedbackProperties.Imap imap = journal.imap();
        String protocol = imap.ssl() ? "imaps" : "imap";
        String timeout = Long.toString(imap.timeout().toMillis());
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", timeout);
        props.put("mail." + protocol + ".timeout", timeout);
        props.put("mail." + protocol + ".writetimeout", timeout);
        String user = imap.user() == null || imap.user().isBlank() ? journal.address() : imap.user();
        try {
            Store store = Session.getInstance(props).getStore(protocol);
            store.connect(imap.host(), imap.port(), user, imap.password());
            try {
                Folder folder = store.getFolder(imap.folder());
                folder.open(Folder.READ_ONLY);
                try {
                    // a server-side SEARCH HEADER Message-ID: the journal may hold many mails
                    Message[] found = folder.search(new MessageIDTerm(messageId));
                    return found.length > 0;
                } finally {
                    folder.close(false);
                }
            } finally {
                store.close();
            }
        } catch (MessagingException | IllegalStateException e) {
            throw new JournalUnavailableException(imap.host() + ":" + imap.port(), e);
        }
    }

    /** The journal could not be asked; whether the mail reached the server is still unknown. */
    static final class JournalUnavailableException extends RuntimeException {
        JournalUnavailableException(String where, Throwable cause) {
            super("the mail journal at " + where + " could not be asked: " + cause, cause);
        }
    }
}
