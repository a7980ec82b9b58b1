package io.closedloop.intake.privacy;

import io.closedloop.contract.Complainant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the personal details a customer typed into the words of a complaint (its subject and text) and masks them
 * the way a complainant is masked everywhere else: phone numbers (Chinese mobiles and landlines, international
 * numbers, North American numbers), email addresses, resident identity card numbers, bank card numbers and the
 * complainant's own name. The stream then carries the masked words, and intake seals the customer's own words with
 * the data subject's key, so that an erasure reaches what they wrote as well as their contact details.
 *
 * <p>Written here rather than taken from a library: no maintained Java library recognises Chinese identity card
 * numbers (GB 11643 check digit), mobile number ranges and the mixed Chinese and English a complaint is written in.
 * The scan is linear in the length of the text (no backtracking regular expression runs over customer input, so a
 * hostile text of 100,000 characters cannot hold a request thread), and it prefers to leave a number unmasked over
 * masking an order number or an amount a department needs: a card number only counts next to a word for a card or
 * an account, an identity number only with a valid birth date and check digit.
 */
public final class PersonalDetailsInText {

    /** What was found: where, what kind, and how it reads masked. */
    public record Detail(int start, int end, Kind kind, String masked) {
    }

    public enum Kind {
        PHONE, EMAIL, IDENTITY_NUMBER, CARD_NUMBER, NAME
    }

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    private static final List<String> CARD_WORDS = List.of("卡", "账号", "帐号", "账户", "帐户", "card", "account",
            "acct");
    /** The longest a detail is written: a 19-digit card number in groups of four, or +86 138 1234 5678. */
    private static final int MAX_DETAIL_LENGTH = 24;
    /** How far before a number (in characters) a word for a card or an account makes it one. */
    private static final int CARD_WORD_REACH = 12;

    private PersonalDetailsInText() {
    }

    /** The words with every detail found masked; the same string if none was found. */
    public static String mask(String words, Complainant complainant) {
        if (words == null || words.isEmpty()) {
            return words;
        }
        List<Detail> details = find(words, complainant);
        if (details.isEmpty()) {
            return words;
        }
        StringBuilder masked = new StringBuilder(words.length());
        int at = 0;
        for (Detail d : details) {
            masked.append(words, at, d.start()).append(d.masked());
            at = d.end();
        }
        return masked.append(words, at, words.length()).toString();
    }

    /** Every detail in the words, in order, none overlapping another. */
    public static List<Detail> find(String words, Complainant complainant) {
        List<Detail> found = new ArrayList<>();
        if (words == null || words.isEmpty()) {
            return found;
        }
        emails(words, found);
        numbers(words, found);
        if (complainant != null) {
            name(words, complainant.name(), found);
        }
        found.sort(Comparator.comparingInt(Detail::start).thenComparing(d -> -d.end()));
        List<Detail> apart = new ArrayList<>(found.size());
        int end = 0;
        for (Detail d : found) {
            if (d.start() >= end) {
                apart.add(d);
                end = d.end();
            }
        }
        return apart;
    }

    // ---- email addresses: around each '@', never scanning a stretch of text twice

    private static void emails(String s, List<Detail> found) {
        int previousAt = -1;
        for (int at = s.indexOf('@'); at >= 0; previousAt = at, at = s.indexOf('@', at + 1)) {
            int start = at;
            while (start - 1 > previousAt && localPart(s.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            int lastDot = -1;
            while (end < s.length() && domainPart(s.charAt(end))) {
                if (s.charAt(end) == '.') {
                    lastDot = end;
                }
                end++;
            }
            // a full stop that ends the sentence is not part of the address
            while (end > at + 1 && s.charAt(end - 1) == '.') {
                end--;
                lastDot = s.lastIndexOf('.', end - 1);
            }
            if (start < at && lastDot > at + 1 && end - lastDot - 1 >= 2 && letters(s, lastDot + 1, end)) {
                String address = s.substring(start, end);
                found.add(new Detail(start, end, Kind.EMAIL, address.charAt(0) + "***" + address.substring(
                        address.indexOf('@'))));
            }
        }
    }

    private static boolean localPart(char c) {
        return ascii(c) && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
    }

    private static boolean domainPart(char c) {
        return ascii(c) && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

    private static boolean letters(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!ascii(s.charAt(i)) || !Character.isLetter(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(char c) {
        return c < 128;
    }

    // ---- numbers: runs of digit groups joined by one space, dash or dot, with an optional '+' and (area code)

    private record Group(int start, int end) {
    }

    private static void numbers(String s, List<Detail> found) {
        int i = 0;
        while (i < s.length()) {
            if (!digitLike(s, i)) {
                i++;
                continue;
            }
            if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) && ascii(s.charAt(i - 1)))) {
                // inside a word or code such as A1234567: skip the whole token, and at least this character
                // (a "(" after a letter is not part of the token: without the step, "a(1" never moved on)
                do {
                    i++;
                } while (i < s.length() && ascii(s.charAt(i)) && Character.isLetterOrDigit(s.charAt(i)));
                continue;
            }
            List<Group> groups = new ArrayList<>();
            int j = i;
            while (true) {
                int start = j;
                if (s.charAt(j) == '(') {
                    j++;
                }
                while (j < s.length() && isDigit(s.charAt(j))) {
                    j++;
                }
                if (j < s.length() && s.charAt(j) == ')' && s.charAt(start) == '(') {
                    j++;
                }
                // an X ends an identity number
                if (j < s.length() && (s.charAt(j) == 'X' || s.charAt(j) == 'x') && j - start == 17) {
                    j++;
                }
                groups.add(new Group(start, j));
                if (j < s.length() && isDigit(s.charAt(j)) && s.charAt(j - 1) == ')') {
                    continue; // (0755)12345678: the area code is a group of its own
                }
                if (j + 1 < s.length() && separator(s.charAt(j)) && digitLike(s, j + 1)) {
                    j++;
                    continue;
                }
                break;
            }
            int runEnd = j;
            boolean glued = runEnd < s.length() && ascii(s.charAt(runEnd))
                    && Character.isLetterOrDigit(s.charAt(runEnd));
            if (!glued) {
                classify(s, i, groups, found);
            }
            i = Math.max(runEnd, i + 1);
        }
    }

    /** Each window of consecutive groups, longest first, that reads as one detail. */
    private static void classify(String s, int runStart, List<Group> groups, List<Detail> found) {
        boolean plus = runStart > 0 && s.charAt(runStart - 1) == '+';
        int from = 0;
        while (from < groups.size()) {
            int start = groups.get(from).start();
            int widest = from;
            while (widest < groups.size() && groups.get(widest).end() - start <= MAX_DETAIL_LENGTH) {
                widest++; // a group and its separator take two characters at least: a dozen steps at most
            }
            int matchedTo = -1;
            for (int to = widest; to > from && matchedTo < 0; to--) {
                Detail detail = detail(s, from == 0 && plus ? start - 1 : start, groups.get(to - 1).end(),
                        to - from);
                if (detail != null) {
                    found.add(detail);
                    matchedTo = to;
                }
            }
            from = matchedTo > 0 ? matchedTo : from + 1;
        }
    }

    private static Detail detail(String s, int start, int end, int groupCount) {
        StringBuilder kept = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (isDigit(c) || c == 'X' || c == 'x') {
                kept.append(Character.toUpperCase(c));
            }
        }
        String digits = kept.toString();
        if (digits.length() < 8) {
            return null; // shorter than any phone number with its area code
        }
        String raw = s.substring(start, end);
        boolean international = raw.startsWith("+");
        if (digits.length() == 18 && identityNumber(digits)) {
            return new Detail(start, end, Kind.IDENTITY_NUMBER, "*".repeat(14) + digits.substring(14));
        }
        if (digits.indexOf('X') >= 0) {
            return null;
        }
        if (chineseMobile(digits)) {
            String national = digits.substring(digits.length() - 11);
            return new Detail(start, end, Kind.PHONE, new Complainant(null, national, null, null).masked().phone());
        }
        if ((international && digits.length() >= 8 && digits.length() <= 15)
                || chineseLandline(raw, digits) || northAmerican(raw, digits, groupCount)) {
            return new Detail(start, end, Kind.PHONE, new Complainant(null, digits, null, null).masked().phone());
        }
        if (digits.length() >= 13 && digits.length() <= 19 && luhn(digits) && cardWordBefore(s, start)) {
            return new Detail(start, end, Kind.CARD_NUMBER, "*".repeat(digits.length() - 4)
                    + digits.substring(digits.length() - 4));
        }
        return null;
    }

    /** 13812345678, 86 13812345678 (the + is taken apart) */
    private static boolean chineseMobile(String d) {
        String national = d.length() == 13 && d.startsWith("86") ? d.substring(2) : d;
        return national.length() == 11 && national.charAt(0) == '1' && national.charAt(1) >= '3';
    }

    /** 010-12345678, 0755 1234 5678, (021)12345678: the area code must be set apart, or it is any number */
    private static boolean chineseLandline(String raw, String d) {
        if (d.length() < 10 || d.length() > 12 || d.charAt(0) != '0' || d.charAt(1) == '0') {
            return false;
        }
        return raw.startsWith("(0") || raw.matches("0\\d{2,3}[ .-].*");
    }

    /** (202) 555-0147, 202-555-0147: three groups of 3, 3 and 4 digits */
    private static boolean northAmerican(String raw, String d, int groupCount) {
        return d.length() == 10 && groupCount == 3 && raw.length() <= 14
                && raw.matches("\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}");
    }

    /** GB 11643: region, a real birth date, and the check digit. */
    static boolean identityNumber(String d) {
        if (d.charAt(0) < '1' || d.charAt(0) > '9') {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (!isDigit(d.charAt(i))) {
                return false;
            }
        }
        int year = Integer.parseInt(d.substring(6, 10));
        int month = Integer.parseInt(d.substring(10, 12));
        int day = Integer.parseInt(d.substring(12, 14));
        if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (d.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11) == d.charAt(17);
    }

    static boolean luhn(String d) {
        int sum = 0;
        for (int i = 0; i < d.length(); i++) {
            int digit = d.charAt(d.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static boolean cardWordBefore(String s, int start) {
        String before = s.substring(Math.max(0, start - CARD_WORD_REACH), start).toLowerCase(Locale.ROOT);
        return CARD_WORDS.stream().anyMatch(before::contains);
    }

    private static boolean digitLike(String s, int i) {
        char c = s.charAt(i);
        return isDigit(c) || (c == '(' && i + 1 < s.length() && isDigit(s.charAt(i + 1)));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '-' || c == '.';
    }

    // ---- the complainant's own name, wherever they wrote it

    private static void name(String s, String name, List<Detail> found) {
        if (name == null || name.strip().codePointCount(0, name.strip().length()) < 2) {
            return; // one character would mask that character everywhere in the text
        }
        String wanted = name.strip();
        String masked = new Complainant(wanted, null, null, null).masked().name();
        for (int at = s.indexOf(wanted); at >= 0; at = s.indexOf(wanted, at + wanted.length())) {
            found.add(new Detail(at, at + wanted.length(), Kind.NAME, masked));
        }
    }
}
