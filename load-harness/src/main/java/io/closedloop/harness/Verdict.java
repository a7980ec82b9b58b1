package io.closedloop.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one checked run found, reconciled from every service. A finding is pending while it may still resolve itself
 * (not past its grace); the run waits for pending findings before it judges.
 */
final class Verdict {

    int accepted;
    final Map<String, Integer> lost = new TreeMap<>();
    final Map<String, Integer> duplicated = new TreeMap<>();
    final Map<String, Integer> missed = new TreeMap<>();
    final Map<String, Integer> counted = new TreeMap<>();
    final List<String> examples = new ArrayList<>();
    int pending;
    String firstPending;
    final Map<String, Integer> escalationsOnStream = new ConcurrentHashMap<>();
    /** accepted complaints whose stream holds their ComplaintReceived exactly once */
    int onStreamOnce;
    /** a projection (sla-timer's clocks, feedback's records, analytics' rows) that disagrees with the streams */
    int projectionMismatches;
    /** warnings and escalations that fell due before their clock was met */
    int deadlinesDue;
    int deadlinesFiredOnce;
    int deadlinesFiredTwice;
    int deadlinesMissed;
    /** due and rightly not raised: refused by a complaint acknowledged meanwhile, or superseded by the escalation */
    int deadlinesHandledOtherwise;
    /** feedback's outbox mails of resolved complaints, and what the mail server holds of them */
    int mailsDue;
    int mailsSentOnce;
    int mailsMissed;
    int mailsDuplicated;
    /** intake's HTTP status codes while filing, e.g. 201, 503 */
    final Map<Integer, Integer> intakeAnswers = new TreeMap<>();

    void pending(String what) {
        if (pending++ == 0) {
            firstPending = what;
        }
    }

    void add(Map<String, Integer> into, String kind, String example) {
        into.merge(kind, 1, Integer::sum);
        if (examples.size() < 20) {
            examples.add(kind + ": " + example);
        }
    }

    /** A projection disagrees with the streams: counted as lost or duplicated, and as a mismatch. */
    void mismatch(Map<String, Integer> into, String kind, String example) {
        projectionMismatches++;
        add(into, kind, example);
    }

    /** Records one warning or escalation that fell due: {@code times} is how often it was raised. */
    void deadlineFired(int times) {
        deadlinesDue++;
        if (times == 1) {
            deadlinesFiredOnce++;
        } else if (times > 1) {
            deadlinesFiredTwice++;
        }
    }

    /** Records one mail that was due: {@code delivered} is how many copies the mail server holds. */
    void mailDelivered(int delivered) {
        mailsDue++;
        if (delivered == 1) {
            mailsSentOnce++;
        } else if (delivered > 1) {
            mailsDuplicated++;
        }
    }

    int lostTotal() {
        return lost.values().stream().mapToInt(Integer::intValue).sum();
    }

    int duplicatedTotal() {
        return duplicated.values().stream().mapToInt(Integer::intValue).sum();
    }

    int missedTotal() {
        return missed.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Nothing lost, duplicated or missed, every request eventually accepted, no other trouble. */
    boolean passes(List<String> problems) {
        return lostTotal() + duplicatedTotal() + missedTotal() + mailsMissed + mailsDuplicated == 0 && problems.isEmpty();
    }

    /** The per-run counts of the fault suite, one line each. */
    List<String> summaryLines() {
        return List.of(
                String.format(Locale.ROOT, "accepted %d, on the stream once %d, lost %d, duplicated %d", accepted,
                        onStreamOnce, lostTotal(), duplicatedTotal()),
                String.format(Locale.ROOT, "projection mismatches %d", projectionMismatches),
                String.format(Locale.ROOT, "deadlines due %d, fired once %d, missed %d, fired twice %d%s", deadlinesDue,
                        deadlinesFiredOnce, deadlinesMissed, deadlinesFiredTwice, deadlinesHandledOtherwise == 0 ? ""
                                : " (" + deadlinesHandledOtherwise + " more rightly not raised: acknowledged meanwhile"
                                + " or escalated instead)"),
                String.format(Locale.ROOT, "mails due %d, sent once %d, missed %d, duplicated %d", mailsDue, mailsSentOnce,
                        mailsMissed, mailsDuplicated),
                "intake's answers (status: count) " + intakeAnswers);
    }

    /** Prints the full report; returns whether the run passed. */
    boolean print(List<String> problems) {
        System.out.println();
        System.out.println("what was checked:");
        counted.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-62s %,8d%n", k, v));
        System.out.println();
        System.out.printf(Locale.ROOT, "accepted     %,8d%n", accepted);
        System.out.printf(Locale.ROOT, "lost         %,8d   %s%n", lostTotal(), lost);
        System.out.printf(Locale.ROOT, "duplicated   %,8d   %s%n", duplicatedTotal(), duplicated);
        System.out.printf(Locale.ROOT, "missed       %,8d   %s%n", missedTotal(), missed);
        summaryLines().forEach(line -> System.out.println("  " + line));
        if (!examples.isEmpty()) {
            System.out.println("examples:");
            examples.forEach(e -> System.out.println("  " + e));
        }
        if (!problems.isEmpty()) {
            System.out.println("requests that failed or were refused, and other trouble (" + problems.size() + "):");
            problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
        }
        boolean pass = passes(problems);
        System.out.println(pass ? "PASS: nothing lost, nothing duplicated, no deadline or mail missed" : "FAIL");
        return pass;
    }
}
