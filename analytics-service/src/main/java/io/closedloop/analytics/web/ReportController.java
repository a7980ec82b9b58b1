package io.closedloop.analytics.web;

import io.closedloop.security.Caller;
import io.closedloop.security.Callers;
import org.springframework.security.access.AccessDeniedException;
import io.closedloop.analytics.hotspot.HotSpots;
import io.closedloop.analytics.projection.Generations;
import io.closedloop.analytics.projection.Projections;
import io.closedloop.analytics.report.Dimension;
import io.closedloop.analytics.report.Reports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The reports, for dashboards and BI tools: JSON by default, CSV with {@code format=csv} or
 * {@code Accept: text/csv}. Every report takes the parameters of {@link ReportQuery}: a period, filters per
 * dimension, and {@code asOf} for the report as it stood at a past moment.
 */
@Tag(name = "reports", description = "Every report from the same stream; JSON or CSV; as of any past moment")
@RestController
@RequestMapping(path = "/api/v1/reports", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
class ReportController {

    private final Reports reports;
    private final HotSpots hotSpots;
    private final Generations generations;
    private final Projections projections;
    private final Clock clock;

    ReportController(Reports reports, HotSpots hotSpots, Generations generations, Projections projections,
            Clock clock) {
        this.reports = reports;
        this.hotSpots = hotSpots;
        this.generations = generations;
        this.projections = projections;
        this.clock = clock;
    }

    /** Complaints per day, week or month ({@code bucket}), overall or by a dimension ({@code by}). */
    @Operation(summary = "Complaints per day, week or month, overall or by a dimension")
    @GetMapping("/trends")
    Mono<ResponseEntity<?>> trends(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "trends", q -> reports.trend(q.generation(), q.filter(),
                ReportQuery.bucket(params), ReportQuery.dimension(params, "by", false).orElse(null)));
    }

    /** Complaints by one dimension ({@code by}), most first: where complaints come from (cause analysis). */
    @Operation(summary = "Complaints by one dimension, most first (cause analysis)")
    @GetMapping("/breakdown")
    Mono<ResponseEntity<?>> breakdown(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "breakdown", q -> reports.breakdown(q.generation(), q.filter(),
                ReportQuery.dimension(params, "by", true).orElseThrow(),
                ReportQuery.integer(params, "limit", 50, 1, 1000)));
    }

    /**
     * Time to acknowledge and to resolve (median, p90, in hours) per bucket, per department with byDepartment;
     * {@code bucket=all} takes the whole period as one bucket (medians of buckets cannot be combined afterwards).
     */
    @Operation(summary = "Time to acknowledge and to resolve (median, p90, hours), per bucket and optionally per department")
    @GetMapping("/efficiency")
    Mono<ResponseEntity<?>> efficiency(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean wholePeriod = Reports.WHOLE_PERIOD.equalsIgnoreCase(params.getOrDefault("bucket", "").strip());
        Map<String, String> checked = new HashMap<>(params);
        if (wholePeriod) {
            checked.remove("bucket");
        }
        return report(checked, accept, "efficiency", q -> reports.efficiency(q.generation(), q.filter(),
                wholePeriod ? Reports.WHOLE_PERIOD : ReportQuery.bucket(checked),
                Boolean.parseBoolean(params.getOrDefault("byDepartment", "false"))));
    }

    /** Resolution rate, satisfaction, repeats, reopens, promises kept, SLA compliance per clock, compensation. */
    @Operation(summary = "Resolution rate, satisfaction, repeats, reopens, promises kept, SLA compliance per clock, compensation paid")
    @GetMapping("/kpis")
    Mono<ResponseEntity<?>> kpis(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "kpis", q -> reports.kpis(q.generation(), q.filter(), q.at()));
    }

    /** Missed deadlines per department and clock (考核). */
    @Operation(summary = "Missed deadlines per department and clock (考核)")
    @GetMapping("/breaches")
    Mono<ResponseEntity<?>> breaches(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "breaches", q -> reports.breaches(q.generation(), q.filter(), q.at()));
    }

    /** The topics complaints concentrate on, with how well they are handled. */
    @Operation(summary = "The topics complaints concentrate on, with how well they are handled")
    @GetMapping("/hotspots")
    Mono<ResponseEntity<?>> hotSpots(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "hotspots", q -> reports.hotSpots(q.generation(), q.filter(),
                ReportQuery.integer(params, "limit", 20, 1, 500)));
    }

    /** Topics raised as rising suddenly against their own baseline, newest first. */
    @Operation(summary = "Topics raised as rising suddenly against their own baseline, newest first")
    @GetMapping("/hotspots/alerts")
    Mono<ResponseEntity<?>> alerts(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "hotspot-alerts", q -> hotSpots.alerts(q.filter().from(), q.filter().to(),
                ReportQuery.integer(params, "limit", 100, 1, 1000)));
    }

    /** The major complaints received on a day ({@code date}, default today) and those still open from before. */
    @Operation(summary = "The major complaints received on a day, and those still open from before")
    @GetMapping("/major-daily")
    Mono<ResponseEntity<?>> majorDaily(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "major-daily", q -> {
            Map<String, List<Reports.ComplaintRow>> report = reports.majorDaily(q.generation(), date(params));
            return Csv.wanted(params.get("format"), accept) ? report.get("received") : report;
        });
    }

    /**
     * The complaints behind a figure (drill-down): the report's filters, and optionally one bucket
     * ({@code bucket} + {@code bucketStart}) or one topic. No personal data.
     */
    @Operation(summary = "The complaints behind a figure (drill-down), without personal data")
    @GetMapping("/complaints")
    Mono<ResponseEntity<?>> complaints(@Parameter(hidden = true) @RequestParam Map<String, String> params,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return report(params, accept, "complaints", q -> reports.complaints(q.generation(), q.filter(),
                params.containsKey("bucketStart") ? ReportQuery.bucket(params) : null, params.get("bucketStart"),
                params.get("topic"), ReportQuery.integer(params, "limit", 100, 1, 1000),
                ReportQuery.integer(params, "offset", 0, 0, 10_000_000)));
    }

    private LocalDate date(Map<String, String> params) {
        String value = params.get("date");
        if (value == null || value.isBlank()) {
            return LocalDate.now(clock.withZone(reports.zone()));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("Invalid date.", List.of(new FieldError("date",
                    "is not a date such as 2026-09-30")));
        }
        // the same bounds as every other report's times: a year PostgreSQL cannot hold is a 400, not a 500 (found
        // by HostileInputIT with -999999999-01-01)
        LocalDate earliest = LocalDate.ofInstant(ReportQuery.EARLIEST, reports.zone());
        LocalDate latest = LocalDate.ofInstant(ReportQuery.LATEST, reports.zone()).minusDays(1);
        if (date.isBefore(earliest) || date.isAfter(latest)) {
            throw new InvalidInputException("Invalid date.", List.of(new FieldError("date",
                    "must lie between " + earliest + " and " + latest)));
        }
        return date;
    }

    private Mono<ResponseEntity<?>> report(Map<String, String> requested, String accept, String name,
            Function<ReportQuery, Object> build) {
        return Callers.current().flatMap(caller -> build(forCaller(caller, requested), accept, name, build));
    }

    /**
     * A department's people and systems see their own department's figures, drill-downs and exports only: the
     * report is narrowed to it, and asking for another department is refused.
     */
    private static Map<String, String> forCaller(Caller caller, Map<String, String> params) {
        if (caller.seesAllDepartments()) {
            return params;
        }
        String own = caller.department();
        if (own == null) {
            throw new AccessDeniedException(caller.name() + " belongs to no department, so sees no department's figures");
        }
        String asked = params.get(Dimension.DEPARTMENT.apiName());
        if (asked != null && !asked.isBlank() && !asked.strip().equals(own)) {
            throw new AccessDeniedException(caller.name() + " sees the figures of department " + own + " only");
        }
        Map<String, String> narrowed = new java.util.LinkedHashMap<>(params);
        narrowed.put(Dimension.DEPARTMENT.apiName(), own);
        return narrowed;
    }

    /** Builds the report from parameters already narrowed to what the caller may see. */
    private Mono<ResponseEntity<?>> build(Map<String, String> params, String accept, String name,
            Function<ReportQuery, Object> build) {
        Callable<ResponseEntity<?>> work = () -> {
            // parameters are checked before anything is built (an asOf snapshot can take a while)
            ReportQuery.bucket(Map.of("bucket", params.getOrDefault("bucket", "day")));
            ReportQuery query = ReportQuery.of(params, generations, projections, clock, reports.zone());
            Object report = build.apply(query);
            if (Csv.wanted(params.get("format"), accept)) {
                return Csv.of(report, name);
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        };
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    static String dimensionNames() {
        return Dimension.names();
    }
}
