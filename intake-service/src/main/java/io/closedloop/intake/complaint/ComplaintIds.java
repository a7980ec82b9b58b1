package io.closedloop.intake.complaint;

import io.closedloop.contract.Channel;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Complaint ids. A complaint that a channel identified with its own message id gets an id derived from it, so a
 * repeat delivery of the same message addresses the same stream and the event store's unique key on (complaint,
 * sequence) refuses to start it twice: idempotency that holds across instances and restarts without a lookup table.
 */
public final class ComplaintIds {

    private ComplaintIds() {
    }

    public static String forChannelMessage(Channel channel, String channelMessageId) {
        String name = "closed-loop/complaint/" + channel.code() + "/" + channelMessageId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
