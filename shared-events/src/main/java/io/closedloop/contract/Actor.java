package io.closedloop.contract;

/**
 * Who or what caused a command or an event: a customer through a channel, a person, or a service applying
 * a rule or policy of a given version. Auditors read this to see why something happened.
 *
 * @param type    the kind of actor
 * @param id      the user id, the service name, or the channel adapter's name
 * @param channel the channel the fact came through, when it came from outside
 * @param policy  the rule, model or policy and its version that decided, e.g. {@code routing-rules@7}
 */
public record Actor(Type type, String id, Channel channel, String policy) {

    public enum Type { CUSTOMER, USER, SERVICE }

    public Actor {
        if (type == null) {
            throw new IllegalArgumentException("actor type is required");
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("actor id is required");
        }
    }

    public static Actor customer(Channel channel, String adapter) {
        return new Actor(Type.CUSTOMER, adapter, channel, null);
    }

    public static Actor user(String userId) {
        return new Actor(Type.USER, userId, null, null);
    }

    public static Actor service(String service, String policy) {
        return new Actor(Type.SERVICE, service, null, policy);
    }
}
