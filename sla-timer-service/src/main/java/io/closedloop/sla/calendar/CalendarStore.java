package io.closedloop.sla.calendar;

import io.closedloop.contract.calendar.BusinessCalendar;
import io.closedloop.contract.calendar.CalendarDocument;
import io.closedloop.sla.DocumentJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Business calendars, one revision per change, never changed once stored. A clock records the revision it was
 * computed with (e.g. {@code cn-mainland@2}), so a deadline can always be explained and recomputed; a new
 * revision (next year's holiday notice) applies to clocks started after it was stored.
 */
@Repository
public class CalendarStore {

    /** Calendars shipped with the platform, stored as revision 1 when the service first starts. */
    static final List<String> SHIPPED = List.of("cn-mainland");

    private final JdbcClient jdbc;
    private final Map<String, StoredCalendar> byVersion = new ConcurrentHashMap<>();

    /** One revision of a calendar, with who stored it and why. */
    public record StoredCalendar(String calendarId, int revision, CalendarDocument document, Instant createdAt,
            String createdBy, String note, BusinessCalendar calendar) {

        StoredCalendar(String calendarId, int revision, CalendarDocument document, Instant createdAt, String createdBy,
                String note) {
            // built once per revision (the store keeps it): it precomputes the working days of every year
            this(calendarId, revision, document, createdAt, createdBy, note,
                    new BusinessCalendar(document, calendarId + "@" + revision));
        }

        public String version() {
            return calendar.version();
        }
    }

    private final java.time.Clock clock;

    CalendarStore(JdbcClient jdbc, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores each shipped calendar as revision 1 unless it is already stored; in force from the beginning. */
    @Transactional
    public void seedShipped() {
        for (String id : SHIPPED) {
            if (latest(id).isPresent()) {
                continue;
            }
            CalendarDocument document = shipped(id);
            // two instances starting together both try: the second insert does nothing
            insert(id, 1, document, Instant.EPOCH, "seed", "shipped with the platform", true);
        }
    }

    static CalendarDocument shipped(String id) {
        try (InputStream in = CalendarDocument.class.getResourceAsStream("/calendars/" + id + ".json")) {
            if (in == null) {
                throw new IllegalStateException("calendar " + id + " is missing from shared-events");
            }
            return CalendarDocument.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a validated document as the calendar's next revision. */
    @Transactional
    public StoredCalendar store(CalendarDocument document, Instant now, String by, String note) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:id))").param("id", document.id()).query().listOfRows();
        int revision = jdbc.sql("select coalesce(max(revision), 0) + 1 from business_calendar where calendar_id = :id")
                .param("id", document.id()).query(Integer.class).single();
        insert(document.id(), revision, document, now, by, note, false);
        revisions.remove(document.id());
        return version(document.id() + "@" + revision);
    }

    private void insert(String id, int revision, CalendarDocument document, Instant createdAt, String by, String note,
            boolean ifAbsent) {
        jdbc.sql("""
                        insert into business_calendar (calendar_id, revision, document, created_at, created_by, note)
                        values (:id, :revision, cast(:document as jsonb), :createdAt, :by, :note)
                        """ + (ifAbsent ? " on conflict (calendar_id, revision) do nothing" : ""))
                .param("id", id)
                .param("revision", revision)
                .param("document", DocumentJson.write(document))
                .param("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .param("by", by)
                .param("note", note)
                .update();
    }

    public Optional<StoredCalendar> latest(String calendarId) {
        return jdbc.sql("select max(revision) from business_calendar where calendar_id = :id")
                .param("id", calendarId)
                .query((rs, n) -> (Integer) rs.getObject(1))
                .optional()
                .filter(java.util.Objects::nonNull)
                .map(revision -> version(calendarId + "@" + revision));
    }

    /**
     * The revision that was current at this instant. Every decision asks this, so the list of revisions is kept and
     * read again at most every {@link #REVISIONS_REFRESH}: a revision stored by another instance applies there
     * within that time (this instance sees its own at once).
     */
    public StoredCalendar at(String calendarId, Instant at) {
        Revisions known = revisions.get(calendarId);
        if (known == null || known.readAt().plus(REVISIONS_REFRESH).isBefore(clock.instant())) {
            known = readRevisions(calendarId);
        }
        Integer revision = null;
        for (var entry : known.createdAt().entrySet()) {
            if (!entry.getValue().isAfter(at)) {
                revision = entry.getKey();
            }
        }
        if (revision == null) {
            throw new UnknownCalendarException("no calendar " + calendarId + " was stored at " + at);
        }
        return version(calendarId + "@" + revision);
    }

    private static final java.time.Duration REVISIONS_REFRESH = java.time.Duration.ofSeconds(5);
    private final Map<String, Revisions> revisions = new ConcurrentHashMap<>();

    /** When each revision of one calendar was stored, in revision order, and when that was read. */
    private record Revisions(java.util.SortedMap<Integer, Instant> createdAt, Instant readAt) {
    }

    private Revisions readRevisions(String calendarId) {
        java.util.SortedMap<Integer, Instant> createdAt = new java.util.TreeMap<>();
        jdbc.sql("select revision, created_at from business_calendar where calendar_id = :id")
                .param("id", calendarId)
                .query((rs, n) -> createdAt.put(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
        Revisions read = new Revisions(java.util.Collections.unmodifiableSortedMap(createdAt), clock.instant());
        revisions.put(calendarId, read);
        return read;
    }

    /** A revision by its stamp, e.g. {@code cn-mainland@2}. */
    public StoredCalendar version(String version) {
        return byVersion.computeIfAbsent(version, v -> {
            int at = v.lastIndexOf('@');
            if (at <= 0) {
                throw new UnknownCalendarException("not a calendar version: " + v);
            }
            int revision;
            try {
                revision = Integer.parseInt(v.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new UnknownCalendarException("not a calendar version: " + v);
            }
            return jdbc.sql("""
                            select document::text, created_at, created_by, note from business_calendar
                            where calendar_id = :id and revision = :revision
                            """)
                    .param("id", v.substring(0, at))
                    .param("revision", revision)
                    .query((rs, n) -> new StoredCalendar(v.substring(0, at), revision,
                            DocumentJson.read(rs.getString(1), CalendarDocument.class),
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4)))
                    .optional()
                    .orElseThrow(() -> new UnknownCalendarException("no calendar " + v));
        });
    }

    /** The newest revision of every calendar. */
    public List<StoredCalendar> all() {
        return jdbc.sql("select calendar_id, max(revision) from business_calendar group by 1 order by 1")
                .query((rs, n) -> rs.getString(1) + "@" + rs.getInt(2))
                .list().stream().map(this::version).toList();
    }

    public static final class UnknownCalendarException extends RuntimeException {
        public UnknownCalendarException(String message) {
            super(message);
        }
    }
}
