package io.closedloop.intake.complaint;

/**
 * What the complaint made of a command. A refusal is not an exception: it is recorded on the stream as an
 * event with its reason, and the sender learns the reason here.
 */
public record CommandOutcome(boolean accepted, String reason) {

    public static final CommandOutcome ACCEPTED = new CommandOutcome(true, null);

    public static CommandOutcome rejected(String reason) {
        return new CommandOutcome(false, reason);
    }
}
