package io.closedloop.analytics.web;

import io.closedloop.analytics.projection.Generations;
import io.closedloop.analytics.projection.Projections;
import io.closedloop.analytics.report.Dimension;
import io.closedloop.analytics.report.ReportFilter;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters every report takes, checked field by field: {@code from} and {@code to} (received in [from, to);
 * default: everything), {@code asOf} (the report as it stood then: only events recorded up to that moment count), and
 * a filter per dimension ({@code category=product-quality&channel=web}). A moment is an ISO-8601 date-time with
 * offset ({@code 2026-09-30T09:55:00+08:00}), or, as a date picker gives it, a date-time or a date without one
 * ({@code 2026-09-30T09:55}, {@code 2026-09-30} for its start), read in the organisation's zone, where days are
 * counted.
 */
record ReportQuery(int generation, ReportFilter filter, Instant at, Instant asOf) {

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2999-12-31T00:00:00Z");

    /** Blocking when {@code asOf} is given and no snapshot for it exists yet: call it off the event loop. */
    static ReportQuery of(Map<String, String> params, Generations generations, Projections projections, Clock clock,
            ZoneId zone) {
        List<FieldError> errors = new ArrayList<>();
        // PostgreSQL text cannot hold NUL: as a filter or topic it failed the query with a 500 (found by HostileInputIT)
        params.forEach((name, value) -> {
            if (value != null && value.indexOf('\u0000') >= 0) {
                errors.add(new FieldError(name, "must not contain the NUL character"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The report cannot be made with these parameters.", errors);
        }
        Instant from = instant(params, "from", EARLIEST, zone, errors);
        Instant to = instant(params, "to", LATEST, zone, errors);
        Instant asOf = instant(params, "asOf", null, zone, errors);
        if (from.isAfter(to)) {
            errors.add(new FieldError("from", "is after to"));
        }
        if (asOf != null && asOf.isAfter(clock.instant())) {
            errors.add(new FieldError("asOf", "is in the future; leave it out for the report as it stands now"));
        }
        ReportFilter filter = ReportFilter.between(from, to);
        for (Dimension d : Dimension.values()) {
            String value = params.get(d.apiName());
            if (value != null) {
                if (value.isBlank() || value.length() > 300) {
                    errors.add(new FieldError(d.apiName(), "must be a value of 1 to 300 characters, or "
                            + Dimension.NONE_VALUE + " for none"));
                } else {
                    filter = filter.and(d, value.strip());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The report cannot be made with these parameters.", errors);
        }
        if (asOf == null) {
            return new ReportQuery(generations.live(), filter, clock.instant(), null);
        }
        return new ReportQuery(projections.snapshot(asOf).generation(), filter, asOf, asOf);
    }

    static Optional<Dimension> dimension(Map<String, String> params, String name, boolean required) {
        String value = params.get(name);
        if (value == null) {
            if (required) {
                throw new InvalidInputException("Say what to count by.", List.of(new FieldError(name,
                        "is required: one of " + Dimension.names())));
            }
            return Optional.empty();
        }
        return Optional.of(Dimension.of(value).orElseThrow(() -> new InvalidInputException("Unknown dimension.",
                List.of(new FieldError(name, "'" + value + "' is not one of: " + Dimension.names())))));
    }

    static String bucket(Map<String, String> params) {
        String value = params.get("bucket");
        return Dimension.bucket(value).orElseThrow(() -> new InvalidInputException("Unknown bucket.",
                List.of(new FieldError("bucket", "'" + value + "' is not one of: day, week, month"))));
    }

    static int integer(Map<String, String> params, String name, int otherwise, int min, int max) {
        String value = params.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("Invalid " + name + ".",
                    List.of(new FieldError(name, "must be a whole number from " + min + " to " + max)));
        }
    }

    private static Instant instant(Map<String, String> params, String name, Instant otherwise, ZoneId zone,
            List<FieldError> errors) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            Instant at = moment(value.strip(), zone);
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                errors.add(new FieldError(name, "must lie between " + EARLIEST + " and " + LATEST));
                return otherwise == null ? EARLIEST : otherwise;
            }
            return at;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "is not an ISO-8601 date-time, e.g. 2026-09-30T09:55:00+08:00, "
                    + "2026-09-30T09:55 or 2026-09-30 (both in " + zone.getId() + ")"));
            return otherwise == null ? EARLIEST : otherwise;
        }
    }

    /** With an offset it is exact; without one it is the organisation's wall-clock time (what a date picker gives). */
    private static Instant moment(String value, ZoneId zone) {
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay(zone).toInstant();
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            // the one other form accepted; if this fails too, its exception says the value is no date-time at all
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        }
    }
}
