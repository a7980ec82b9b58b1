package io.closedloop.feedback.command;

import io.closedloop.contract.Actor;

/**
 * Ids and actors of the commands this service sends. Every id starts with {@value #PREFIX} and is derived from
 * what was decided, so a decision taken twice sends the same command twice, which the complaint applies once.
 */
public final class FeedbackCommands {

    public static final String SERVICE = "feedback-service";
    public static final String PREFIX = "feedback-";

    private FeedbackCommands() {
    }

    public static String id(String what, String... parts) {
        return PREFIX + what + "-" + String.join("-", parts);
    }

    public static Actor service(String policy) {
        return Actor.service(SERVICE, policy);
    }
}
