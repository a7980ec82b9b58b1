package io.closedloop.routing.rules;

import io.closedloop.contract.GeoLocation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A place that can help a customer on the spot (a dealer's workshop, a rescue station), with where it is and when
 * it is open. Rescue requests go to the nearest one that is open.
 *
 * @param code         the department code its work is assigned to (its own topic, {@code dept.<code>.complaints.v1})
 * @param openingHours when it is open, in {@code zone}; empty means round the clock
 */
public record ServicePoint(String code, String name, Double lat, Double lon, String zone,
        List<OpeningHours> openingHours) {

    /** Open on these days from {@code from} to {@code to} (to before from means past midnight). */
    public record OpeningHours(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    }

    public ServicePoint {
        openingHours = RoutingRules.listOf(openingHours);
    }

    boolean openAt(Instant instant) {
        if (openingHours.isEmpty()) {
            return true;
        }
        ZonedDateTime local = instant.atZone(ZoneId.of(zone));
        LocalTime time = local.toLocalTime();
        for (OpeningHours hours : openingHours) {
            if (hours.to().isAfter(hours.from())) {
                if (hours.days().contains(local.getDayOfWeek()) && !time.isBefore(hours.from())
                        && time.isBefore(hours.to())) {
                    return true;
                }
            } else if (hours.days().contains(local.getDayOfWeek()) && !time.isBefore(hours.from())
                    || hours.days().contains(local.getDayOfWeek().minus(1)) && time.isBefore(hours.to())) {
                // a night shift: from the evening of one of its days to the morning after
                return true;
            }
        }
        return false;
    }

    /** Great-circle distance (haversine) in kilometres: precise enough to pick the nearest of several points. */
    double kilometresTo(GeoLocation location) {
        double earthRadius = 6371.0088;
        double dLat = Math.toRadians(location.lat() - lat);
        double dLon = Math.toRadians(location.lon() - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat))
                * Math.cos(Math.toRadians(location.lat())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * earthRadius * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    List<String> problems(String path) {
        List<String> problems = new ArrayList<>(RoutingRules.departmentProblems(path + ".code", code));
        if (name == null || name.isBlank()) {
            problems.add(path + ".name: is required");
        }
        if (lat == null || !(lat >= -90 && lat <= 90)) {
            problems.add(path + ".lat: is required, between -90 and 90");
        }
        if (lon == null || !(lon >= -180 && lon <= 180)) {
            problems.add(path + ".lon: is required, between -180 and 180");
        }
        try {
            ZoneId.of(java.util.Objects.requireNonNull(zone));
        } catch (RuntimeException e) {
            problems.add(path + ".zone: is not a time zone, e.g. Asia/Shanghai");
        }
        for (int i = 0; i < openingHours.size(); i++) {
            OpeningHours hours = openingHours.get(i);
            String at = path + ".openingHours[" + i + "]";
            if (hours == null || hours.days() == null || hours.days().isEmpty() || hours.from() == null
                    || hours.to() == null) {
                problems.add(at + ": needs days, from and to");
            } else if (hours.from().equals(hours.to())) {
                problems.add(at + ": from and to are the same; leave openingHours empty for round the clock");
            }
        }
        return problems;
    }
}
