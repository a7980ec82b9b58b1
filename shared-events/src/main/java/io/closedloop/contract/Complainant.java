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

    /**
     * The same complainant, masked for people who do not need the personal data: 张三 → 张*, 13812345678 →
     * 138****5678, li.wei@example.com → l***@example.com. The customer id stays: it is how departments find the
     * customer record. Every service that shows a complainant to such people masks it this one way.
     */
    public Complainant masked() {
        return new Complainant(maskName(name), maskPhone(phone), maskEmail(email), customerId);
    }

    static String maskName(String name) {
        if (name == null || name.isBlank()) {
            return name;
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return new StringBuilder().appendCodePoint(first).append("*".repeat(Math.max(1, Math.min(rest, 3)))).toString();
    }

    static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.length() < 7) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }

    static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }
}
