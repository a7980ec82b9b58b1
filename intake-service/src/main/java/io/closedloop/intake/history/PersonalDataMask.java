package io.closedloop.intake.history;

import io.closedloop.contract.Complainant;

/**
 * Masks a complainant's personal data for people who do not need it: 张三 → 张*, 13812345678 → 138****5678,
 * li.wei@example.com → l***@example.com. The customer id stays: it is how departments find the customer record.
 */
public final class PersonalDataMask {

    private PersonalDataMask() {
    }

    public static Complainant mask(Complainant c) {
        if (c == null) {
            return null;
        }
        return new Complainant(name(c.name()), phone(c.phone()), email(c.email()), c.customerId());
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            return name;
        }
        int first = name.codePointAt(0);
        int rest = name.codePointCount(0, name.length()) - 1;
        return new StringBuilder().appendCodePoint(first).append("*".repeat(Math.max(1, Math.min(rest, 3)))).toString();
    }

    static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.length() < 7) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }

    static String email(String email) {
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
