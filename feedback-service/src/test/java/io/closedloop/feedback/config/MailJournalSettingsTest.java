package io.closedloop.feedback.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailJournalSettingsTest {

    private static final FeedbackProperties.Imap IMAP =
            new FeedbackProperties.Imap("imap.example.com", 993, "", null, "", true, Duration.ofSeconds(5));

    @Test
    void aBlankAddressTurnsTheJournalOffAndIsTodaysBehaviour() {
        assertThat(new FeedbackProperties.Journal("", IMAP).enabled()).isFalse();
        assertThat(new FeedbackProperties.Journal(null, null).enabled()).isFalse();
        assertThat(FeedbackProperties.Journal.OFF.enabled()).isFalse();
    }

    @Test
    void anAddressNeedsAnImapHostAndTheFolderDefaultsToTheInbox() {
        FeedbackProperties.Journal journal = new FeedbackProperties.Journal(" journal@example.com ", IMAP);
        assertThat(journal.enabled()).isTrue();
        assertThat(journal.address()).isEqualTo("journal@example.com");
        assertThat(journal.imap().folder()).isEqualTo("INBOX");
        assertThat(journal.imap().password()).isEmpty();

        assertThatThrownBy(() -> new FeedbackProperties.Journal("journal@example.com", null))
                .hasMessageContaining("closedloop.feedback.mail.journal.imap.host");
        assertThatThrownBy(() -> new FeedbackProperties.Imap("imap.example.com", 993, null, null, null, false,
                Duration.ZERO)).hasMessageContaining("timeout");
    }
}
