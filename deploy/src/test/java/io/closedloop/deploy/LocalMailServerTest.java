package io.closedloop.deploy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalMailServerTest {

    @Test
    void mailSentToTheComplaintsAddressOverSmtpIsReadFromItsMailboxOverImapWithItsPassword() throws Exception {
        LocalMailServer server = SharedTestInfrastructure.get().mailServer();
        assertThat(SharedTestInfrastructure.get().mailServer()).isSameAs(server);
        assertThat(server.isRunning()).isTrue();
        String subject = "热水壶漏水 " + System.nanoTime();

        Session session = Session.getInstance(new Properties());
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress("wang.fang@example.com", "王芳", "UTF-8"));
        mail.setRecipients(Message.RecipientType.TO, LocalMailServer.COMPLAINTS_ADDRESS);
        mail.setSubject(subject, "UTF-8");
        mail.setText("用了两天就漏水。", "UTF-8");
        Transport transport = session.getTransport("smtp");
        transport.connect(server.host(), server.smtpPort(), null, null);
        transport.sendMessage(mail, mail.getAllRecipients());
        transport.close();

        Store store = session.getStore("imap");
        store.connect(server.host(), server.imapPort(), LocalMailServer.COMPLAINTS_ADDRESS,
                LocalMailServer.COMPLAINTS_PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            boolean found = false;
            for (Message m : inbox.getMessages()) {
                found |= subject.equals(m.getSubject());
            }
            inbox.close(false);
            assertThat(found).as("the mail is in the complaints mailbox").isTrue();
        } finally {
            store.close();
        }

        Store wrong = session.getStore("imap");
        assertThatThrownBy(() -> wrong.connect(server.host(), server.imapPort(), LocalMailServer.COMPLAINTS_ADDRESS,
                "not-the-password")).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void feedbacksJournalMailboxCanBeReadFromTheStartAndKeepsTheBccCopyOfAMail() throws Exception {
        // a fresh server, so that the journal is known to have received nothing yet
        try (LocalMailServer server = LocalMailServer.start(0, 0)) {
            Session session = Session.getInstance(new Properties());
            assertThat(journalSubjects(session, server)).isEmpty();

            String subject = "The result of your complaint " + System.nanoTime();
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress("feedback@localhost"));
            mail.setRecipients(Message.RecipientType.TO, "li.lei@example.com");
            mail.setRecipients(Message.RecipientType.BCC, LocalMailServer.FEEDBACK_JOURNAL_ADDRESS);
            mail.setSubject(subject, "UTF-8");
            mail.setText("处理结果", "UTF-8");
            Transport transport = session.getTransport("smtp");
            transport.connect(server.host(), server.smtpPort(), null, null);
            transport.sendMessage(mail, mail.getAllRecipients());
            transport.close();

            assertThat(journalSubjects(session, server)).containsExactly(subject);
        }
    }

    private static java.util.List<String> journalSubjects(Session session, LocalMailServer server) throws Exception {
        Store store = session.getStore("imap");
        store.connect(server.host(), server.imapPort(), LocalMailServer.FEEDBACK_JOURNAL_ADDRESS,
                LocalMailServer.FEEDBACK_JOURNAL_PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                java.util.List<String> subjects = new java.util.ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    subjects.add(m.getSubject());
                }
                return subjects;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }
}
