package io.closedloop.contract;

/**
 * The person who complained. Personal data: shown masked to anyone who does not need it.
 * Any of the fields may be absent, but a complaint needs at least one way to reach the person.
 */
public record Complainant(String name, String phone, String email, String customerId) {

    public boolean hasContact() {
        return notBlank(phone) || notBlank(email) || notBlank(customerId);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
