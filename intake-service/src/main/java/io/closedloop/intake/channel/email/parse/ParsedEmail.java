package io.closedloop.intake.channel.email.parse;

import java.time.Instant;
import java.util.List;

/**
 * One mail, normalised: what a complaint needs from it, decoded to Java strings whatever the charset and transfer
 * encoding it came in.
 *
 * @param messageKey      the idempotency key: the Message-ID without angle brackets, or, for a mail without one,
 *                        {@code sha256:<hex>} of its raw bytes (a redelivery of the same bytes is then recognised)
 * @param messageId       the Message-ID header as sent, or null
 * @param receivedAt      when the customer complained: the Date header, or the arrival time (see {@code notes})
 * @param dateFromHeader  false when the Date header was missing or unusable and the arrival time was taken
 * @param text            the body as plain text (an HTML-only body converted); never blank
 * @param autoReply       why this is an auto-reply or a bounce and must not be filed; null for a person's mail
 * @param notes           what was done to the mail on the way (date fallback, truncation), for the record
 * @param inReplyTo       the message keys this mail answers (In-Reply-To, then References, newest first): a reply to
 *                        our acknowledgement, or to the customer's own earlier mail, names them
 */
public record ParsedEmail(
        String messageKey,
        String messageId,
        String senderAddress,
        String senderName,
        String subject,
        String text,
        Instant receivedAt,
        boolean dateFromHeader,
        List<EmailAttachment> attachments,
        boolean chinese,
        String autoReply,
        List<String> notes,
        List<String> inReplyTo) {

    public boolean isAutoReply() {
        return autoReply != null;
    }
}
