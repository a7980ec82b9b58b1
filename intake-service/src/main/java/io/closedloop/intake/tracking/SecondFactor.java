package io.closedloop.intake.tracking;

import io.closedloop.contract.Complainant;

import java.util.Locale;

/**
 * What a customer proves besides the tracking number before seeing a complaint: the last four digits of the phone
 * number or the whole email address they gave. A tracking number alone is something that gets read out, written on
 * paper and forwarded; together with a factor only the customer knows it shows their complaint and nobody else's.
 * A complaint with neither a phone nor an email (a social media post, a customer id only) cannot be looked up here.
 */
public final class SecondFactor {

    private SecondFactor() {
    }

    public static boolean matches(Complainant complainant, String typed) {
        if (complainant == null || typed == null) {
            return false;
        }
        String factor = typed.strip();
        if (factor.contains("@")) {
            return complainant.email() != null
                    && complainant.email().strip().toLowerCase(Locale.ROOT).equals(factor.toLowerCase(Locale.ROOT));
        }
        String digits = factor.replaceAll("[\\s-]", "");
        if (!digits.matches("[0-9]{4}") || complainant.phone() == null) {
            return false;
        }
        String phoneDigits = complainant.phone().replaceAll("\\D", "");
        return phoneDigits.length() >= 4 && phoneDigits.endsWith(digits);
    }

    /** Whether what was typed has the shape of a factor at all; shape errors are told, wrong values are not. */
    public static boolean isWellFormed(String typed) {
        if (typed == null || typed.isBlank() || typed.length() > 254) {
            return false;
        }
        String factor = typed.strip();
        return factor.contains("@") || factor.replaceAll("[\\s-]", "").matches("[0-9]{4}");
    }
}
