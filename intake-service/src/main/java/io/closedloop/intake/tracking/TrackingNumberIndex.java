package io.closedloop.intake.tracking;

import io.closedloop.contract.TrackingNumbers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The tracking number → complaint index ({@code tracking_number}). Writing a complaint twice is harmless. */
@Repository
public class TrackingNumberIndex {

    private final JdbcTemplate jdbc;

    public TrackingNumberIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Indexes a complaint under its tracking number and returns the number. */
    public String register(String complaintId, Instant receivedAt) {
        String number = TrackingNumbers.forComplaint(complaintId);
        jdbc.update("INSERT INTO tracking_number (complaint_id, tracking_number, received_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (complaint_id) DO NOTHING", complaintId, number, Timestamp.from(receivedAt));
        return number;
    }

    /** The complaints with this (formatted) tracking number: almost always one, oldest first. */
    public List<String> complaintsWith(String trackingNumber) {
        return jdbc.queryForList("SELECT complaint_id FROM tracking_number WHERE tracking_number = ? "
                + "ORDER BY received_at, complaint_id LIMIT 20", String.class, trackingNumber);
    }
}
