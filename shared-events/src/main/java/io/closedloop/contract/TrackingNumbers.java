package io.closedloop.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tracking numbers: what a customer writes down, reads out on the phone and types into the status page, e.g.
 * {@code 7Q4M-2XD8-K}. Eight Crockford base-32 characters (no I, L, O or U, so nothing looks or sounds like
 * something else) carry 40 bits of a hash of the complaint id; a ninth is a Luhn mod 32 check character that
 * catches every single mistyped character and most swapped neighbours before anything is looked up.
 *
 * <p>The number is derived from the complaint id, not allocated: every channel, every service (feedback-service writes
 * it in its letters) and every retry
 * computes the same number for the same complaint with no coordination, and it is known the moment the complaint
 * id is. 40 bits do not make it unique across millions of complaints; that is fine because a number is only ever
 * resolved together with a second factor (intake-service's SecondFactor), which tells apart the rare complaints that
 * share one.
 */
public final class TrackingNumbers {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int PAYLOAD_LENGTH = 8;
    private static final int BASE = ALPHABET.length();

    private TrackingNumbers() {
    }

    /** The tracking number of a complaint, formatted for people: {@code XXXX-XXXX-C}. */
    public static String forComplaint(String complaintId) {
        byte[] hash = sha256("closed-loop/tracking/" + complaintId.toLowerCase(Locale.ROOT));
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (hash[i] & 0xff);
        }
        char[] payload = new char[PAYLOAD_LENGTH];
        for (int i = PAYLOAD_LENGTH - 1; i >= 0; i--) {
            payload[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        String canonical = new String(payload) + checkCharacter(new String(payload));
        return format(canonical);
    }

    /**
     * Reads what a person typed: any case, with or without spaces and hyphens, with the letters people confuse for
     * digits (O for 0, I and L for 1). Empty when it is not a tracking number or its check character does not match
     * (a typo). The result is the formatted number, comparable with {@link #forComplaint}.
     */
    public static Optional<String> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        StringBuilder canonical = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ' || c == '\u00a0' || c == '\u3000' || c == '－' || c == '—') {
                continue; // hyphens and spaces people (and Chinese input methods) put in
            }
            char digit = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(digit) < 0) {
                return Optional.empty();
            }
            canonical.append(digit);
        }
        if (canonical.length() != PAYLOAD_LENGTH + 1) {
            return Optional.empty();
        }
        String payload = canonical.substring(0, PAYLOAD_LENGTH);
        if (checkCharacter(payload) != canonical.charAt(PAYLOAD_LENGTH)) {
            return Optional.empty();
        }
        return Optional.of(format(canonical.toString()));
    }

    /** Luhn mod N over the base-32 alphabet: detects any single wrong character and most adjacent swaps. */
    static char checkCharacter(String payload) {
        int factor = 2;
        int sum = 0;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(payload.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / BASE + addend % BASE;
        }
        int check = (BASE - sum % BASE) % BASE;
        return ALPHABET.charAt(check);
    }

    private static String format(String canonical) {
        return canonical.substring(0, 4) + "-" + canonical.substring(4, 8) + "-" + canonical.substring(8);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
