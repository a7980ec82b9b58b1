package io.closedloop.intake.channel.email.parse;

/**
 * A mail that cannot become a complaint as it is: the reason is kept with the raw mail, so that it can be
 * re-processed after a fix instead of being lost.
 */
public class UnparseableEmailException extends Exception {

    private final String messageId;

    public UnparseableEmailException(String reason, String messageId, Throwable cause) {
        super(reason, cause);
        this.messageId = messageId;
    }

    /** The Message-ID if the headers at least could be read, else null. */
    public String messageId() {
        return messageId;
    }
}
