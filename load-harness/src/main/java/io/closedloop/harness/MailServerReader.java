package io.closedloop.harness;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads what the platform's mail server (GreenMail in the launcher) holds for an address, over IMAP: on the one-command
 * platform every mailbox's login and password are its address. This is what was really delivered, whatever the
 * senders believe they sent.
 */
final class MailServerReader {

    private final String host;
    private final int imapPort;

    MailServerReader(String host, int imapPort) {
        this.host = host;
        this.imapPort = imapPort;
    }

    /** Message-ID to how many messages in the address's inbox carry it; empty if no mail ever reached it. */
    Map<String, Integer> messageIds(String address) throws IOException {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "5000");
        properties.put("mail.imap.timeout", "15000");
        Session session = Session.getInstance(properties);
        Map<String, Integer> ids = new HashMap<>();
        try (Store store = session.getStore("imap")) {
            try {
                store.connect(host, imapPort, address, address);
            } catch (AuthenticationFailedException e) {
                return ids; // GreenMail creates the mailbox with the first mail: none yet
            }
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    String[] header = message.getHeader("Message-ID");
                    ids.merge(header == null || header.length == 0 ? "(none)" : header[0].strip(), 1, Integer::sum);
                }
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException e) {
            throw new IOException("IMAP " + host + ":" + imapPort + " for " + address + ": " + e.getMessage(), e);
        }
        return ids;
    }
}
