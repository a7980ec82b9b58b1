package io.closedloop.feedback.cases;

import java.util.Locale;

/** Contact details as they are compared: the same customer writes them in different ways. */
public final class Contacts {

    private Contacts() {
    }

    /** Digits only, without a leading 86 country code: "+86 138-1234-5678" and "13812345678" are one phone. */
    public static String phoneDigits(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.length() == 13 && digits.startsWith("86")) {
            digits = digits.substring(2);
        }
        return digits.length() < 5 ? null : digits;
    }

    public static String email(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    public static String customerId(String customerId) {
        return customerId == null || customerId.isBlank() ? null : customerId.strip();
    }
}
