package io.closedloop.intake.channel;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.intake.ComplaintIntake;
import io.closedloop.intake.intake.ComplaintIntake.Receipt;
import io.closedloop.intake.intake.InvalidInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The one door every channel adapter (mail, web form, phone, social, on-site desk) files complaints through. It
 * hands the submission to {@link ComplaintIntake}, which validates it and makes a repeat of the same channel
 * message harmless, and counts what happened per channel and adapter, so an operator sees on
 * {@code /actuator/prometheus} that one adapter is rejecting everything or receiving the same message again and
 * again:
 * <pre>closedloop_channel_messages_total{channel="email",adapter="imap",outcome="filed|duplicate|rejected|ignored"}</pre>
 * Every message an adapter takes in counts once, under exactly one outcome.
 */
@Component
public class ChannelIntake {

    /** What became of one message an adapter took in. */
    public enum Outcome {
        /** a new complaint was filed from it */
        FILED,
        /** the channel message was seen before; the existing complaint stands */
        DUPLICATE,
        /** it could not be read or was invalid; the adapter told the sender why (or kept it with the reason) */
        REJECTED,
        /** it was added to the customer's open complaint it is about (a reply, a further mail) */
        ADDED,
        /** it was deliberately not filed: an auto-reply, a bounce, a message that is not a complaint */
        IGNORED
    }

    private final ComplaintIntake intake;
    private final MeterRegistry meters;

    public ChannelIntake(ComplaintIntake intake, MeterRegistry meters) {
        this.intake = intake;
        this.meters = meters;
    }

    /**
     * Files a submission; blocking, so call it off the event loop. Returns once the complaint is durable.
     *
     * @param adapter the adapter's name, recorded as the id of the customer actor (e.g. {@code imap}, {@code web-form})
     * @throws InvalidInputException naming every field that is wrong; counted as rejected
     */
    public Receipt file(ComplaintSubmission submission, String adapter, String correlationId) {
        Channel channel = submission.channel();
        Receipt receipt;
        try {
            receipt = intake.submit(submission, Actor.customer(channel, adapter), correlationId);
        } catch (InvalidInputException e) {
            count(channel, adapter, Outcome.REJECTED);
            throw e;
        }
        count(channel, adapter, receipt.created() ? Outcome.FILED : Outcome.DUPLICATE);
        return receipt;
    }

    /** Counts a message that never became a submission: unreadable, or deliberately not a complaint. */
    public void count(Channel channel, String adapter, Outcome outcome) {
        Counter.builder("closedloop.channel.messages")
                .description("Messages channel adapters took in, by what became of them")
                .tag("channel", channel.code())
                .tag("adapter", adapter)
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters)
                .increment();
    }
}
