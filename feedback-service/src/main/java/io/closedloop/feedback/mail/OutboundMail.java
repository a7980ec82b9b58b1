package io.closedloop.feedback.mail;

import io.closedloop.feedback.letter.Language;

/**
 * A mail decided on, waiting in the outbox.
 *
 * @param mailId         derived from what was decided ({@code result-<complaint>-r<round>}); also the mail's
 *                       {@code Message-ID}, so a mail client can recognise a copy sent again after a crash
 * @param kind           what it is: {@link Kind}
 * @param round          the complaint's resolution round it belongs to
 * @param attachmentName the printable letter's file name, or null
 */
public record OutboundMail(String mailId, String complaintId, Kind kind, int round, String recipient,
        Language language, String subject, String body, String attachmentName, byte[] attachment) {

    public enum Kind {
        /** the written result feedback, with the letter attached; recorded on the complaint once sent */
        RESULT_FEEDBACK,
        /** a reminder to a customer whose resolved complaint is not closed by its due time */
        CHASE_REMINDER;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Kind of(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }
}
