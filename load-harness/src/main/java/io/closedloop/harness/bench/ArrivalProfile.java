package io.closedloop.harness.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many complaints arrive in each minute of a day, shaped like the NYC 311 day (Sunday 21 October 2018, 6,594
 * service requests; see samples/README.md), and the send schedule it gives when the day is compressed in time.
 */
public record ArrivalProfile(int[] perMinute) {

    static final String SHIPPED = "/samples/nyc311-arrivals-per-minute.csv";
    static final int MINUTES_PER_DAY = 1440;
    /** The two formats of "Created Date": the course sample's and NYC Open Data's own export. */
    private static final List<DateTimeFormatter> CREATED_DATE = List.of(
            DateTimeFormatter.ofPattern("M/d/yy H:mm", Locale.ROOT),
            DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]", Locale.ROOT));

    public ArrivalProfile {
        if (perMinute.length != MINUTES_PER_DAY) {
            throw new IllegalArgumentException("a day has 1440 minutes, not " + perMinute.length);
        }
        perMinute = perMinute.clone();
    }

    public static ArrivalProfile shipped() throws IOException {
        try (InputStream in = ArrivalProfile.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IOException(SHIPPED + " is not in the jar");
            }
            int[] counts = new int[MINUTES_PER_DAY];
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String[] hm = r.get("minute").split(":");
                counts[Integer.parseInt(hm[0]) * 60 + Integer.parseInt(hm[1])] = Integer.parseInt(r.get("created"));
            }
            return new ArrivalProfile(counts);
        }
    }

    /** Per-minute counts of "Created Date" on the day of the file that has the most requests. */
    public static ArrivalProfile fromNyc311(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return fromNyc311(reader);
        }
    }

    static ArrivalProfile fromNyc311(Reader reader) throws IOException {
        Map<LocalDate, int[]> days = new HashMap<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            String created = r.get(r.getParser().getHeaderNames().stream()
                    .filter(h -> h.replace("\uFEFF", "").equals("Created Date")).findFirst()
                    .orElseThrow(() -> new IOException("the CSV has no 'Created Date' column")));
            LocalDateTime at = parse(created.strip());
            days.computeIfAbsent(at.toLocalDate(), d -> new int[MINUTES_PER_DAY])[at.getHour() * 60 + at.getMinute()]++;
        }
        return days.values().stream().max((a, b) -> Long.compare(sum(a), sum(b))).map(ArrivalProfile::new)
                .orElseThrow(() -> new IOException("the CSV has no rows"));
    }

    private static LocalDateTime parse(String value) throws IOException {
        for (DateTimeFormatter format : CREATED_DATE) {
            try {
                return LocalDateTime.parse(value, format);
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        throw new IOException("cannot read Created Date '" + value + "'");
    }

    private static long sum(int[] counts) {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }

    public long total() {
        return sum(perMinute);
    }

    /** Complaints per second at {@code second} of the run, the day compressed {@code compress} times. */
    public double ratePerSecond(double second, double compress, int startMinute) {
        int minute = Math.floorMod(startMinute + (int) Math.floor(second * compress / 60.0), MINUTES_PER_DAY);
        return perMinute[minute] * compress / 60.0;
    }

    /**
     * When to send each complaint, in nanoseconds from the start of the run: one minute of the day lasts
     * {@code 60 / compress} seconds of the run, and its complaints are spread evenly over it.
     */
    public long[] schedule(double durationSeconds, double compress, int startMinute) {
        if (compress <= 0) {
            throw new IllegalArgumentException("compress must be positive");
        }
        double minuteNanos = 60e9 / compress;
        long end = (long) (durationSeconds * 1e9);
        List<Long> offsets = new ArrayList<>();
        for (long m = 0; (long) (m * minuteNanos) < end; m++) {
            int count = perMinute[(int) Math.floorMod(startMinute + m, (long) MINUTES_PER_DAY)];
            for (int i = 0; i < count; i++) {
                long at = (long) (m * minuteNanos + i * minuteNanos / count);
                if (at < end) {
                    offsets.add(at);
                }
            }
        }
        return offsets.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@code rate} complaints a second, evenly spaced, for {@code durationSeconds}. */
    public static long[] fixedRate(double durationSeconds, double rate) {
        int n = (int) Math.floor(durationSeconds * rate);
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = (long) (i * 1e9 / rate);
        }
        return offsets;
    }
}
