package io.closedloop.harness;

import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.InfoType;
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
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Complaints from the US CFPB Consumer Complaint Database (18 standard columns), as submissions a channel would
 * hand in: the CFPB product is the product, "Submitted via" the channel, the state the region.
 */
public final class CfpbComplaints {

    /** One CFPB complaint, with the columns the platform uses. */
    public record Row(String complaintId, LocalDate received, String product, String issue, String subIssue,
            String narrative, String state, String submittedVia) {
    }

    static final String SAMPLE = "/samples/cfpb-complaints-1000.csv";

    private CfpbComplaints() {
    }

    public static List<Row> read(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    public static List<Row> sample() throws IOException {
        try (InputStream in = CfpbComplaints.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IOException("the sample " + SAMPLE + " is not in the jar");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    static List<Row> read(Reader reader) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            rows.add(new Row(r.get("Complaint ID"), LocalDate.parse(r.get("Date received")), r.get("Product"),
                    r.get("Issue"), r.get("Sub-issue"), r.get("Consumer complaint narrative"), r.get("State"),
                    r.get("Submitted via")));
        }
        return rows;
    }

    /**
     * The channel a CFPB complaint came through. Post and fax are letters (来信); a referral is a complaint handed
     * over by someone else (转办); anything unknown is counted as web, the CFPB's own form.
     */
    public static Channel channel(String submittedVia) {
        return switch (submittedVia.strip().toLowerCase(Locale.ROOT)) {
            case "phone" -> Channel.PHONE;
            case "email" -> Channel.EMAIL;
            case "postal mail", "fax" -> Channel.LETTER;
            case "referral" -> Channel.REFERRAL;
            default -> Channel.WEB;
        };
    }

    /**
     * As a submission. The CFPB gives only the date received; noon UTC keeps that date in every time zone from
     * UTC-11 to UTC+11, so daily and monthly counts come out on the CSV's dates wherever the platform counts days.
     */
    public static ComplaintSubmission submission(Row row) {
        String subject = row.subIssue().isBlank() ? row.issue() : row.issue() + ": " + row.subIssue();
        String text = row.narrative().isBlank() ? subject : row.narrative();
        return new ComplaintSubmission(channel(row.submittedVia()), "cfpb-" + row.complaintId(),
                row.received().atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC),
                new Complainant(null, null, null, "cfpb-consumer-" + row.complaintId()),
                truncate(subject, 300), truncate(text, 20_000), InfoType.COMPLAINT, truncate(row.product(), 300), null,
                null, List.of(), row.state().isBlank() ? null : "US-" + row.state(), "en", null);
    }

    private static String truncate(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }
}
