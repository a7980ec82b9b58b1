package io.closedloop.sla.clock;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.closedloop.contract.InfoType;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything this service knows about one complaint's clocks: what it needs from the stream to decide (the
 * information type, the severity, the department, whether it is open) and each clock. Kept as one document per
 * complaint, changed only while that complaint's row is locked.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class ComplaintClocks {

    String complaintId;
    InfoType infoType;
    String severity;
    String department;
    Instant receivedAt;
    /** e.g. {@code default-clocks@1}: chosen when the complaint was received, kept for its whole life */
    String policyVersion;
    /** e.g. {@code cn-mainland@1} */
    String calendarVersion;
    boolean open = true;
    final Map<String, TrackedClock> clocks = new LinkedHashMap<>();
    /**
     * When each clock-satisfying event happened ({@link io.closedloop.contract.Deadline#SATISFYING_EVENTS}), so a
     * clock started after the fact (on a new classification, counted from receipt) is met by what already happened.
     */
    final Map<String, List<Instant>> seen = new HashMap<>();

    ComplaintClocks() {
        // for Jackson
    }

    public static ComplaintClocks unknown(String complaintId) {
        ComplaintClocks clocks = new ComplaintClocks();
        clocks.complaintId = complaintId;
        return clocks;
    }

    /** Whether the complaint's first event has been seen; nothing can be timed before it. */
    public boolean known() {
        return policyVersion != null;
    }

    public String complaintId() {
        return complaintId;
    }

    public String policyVersion() {
        return policyVersion;
    }

    public String calendarVersion() {
        return calendarVersion;
    }

    public String department() {
        return department;
    }

    public InfoType infoType() {
        return infoType;
    }

    public String severity() {
        return severity;
    }

    /** Whether a clock waits for a calendar year that was not yet published when its due time was worked out. */
    public boolean waitsForCalendar() {
        return clocks.values().stream().anyMatch(c -> c.state.active() && c.calendarGap);
    }

    public long count(ClockState state) {
        return clocks.values().stream().filter(c -> c.state == state).count();
    }

    public Collection<TrackedClock> clocks() {
        return clocks.values();
    }

    public TrackedClock clock(String clockId) {
        return clocks.get(clockId);
    }
}
