package io.closedloop.analytics.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.closedloop.analytics.eventlog.EventLog;
import io.closedloop.analytics.projection.Generations;
import io.closedloop.analytics.projection.Generations.Generation;
import io.closedloop.analytics.projection.Projections;
import io.closedloop.analytics.stream.StreamLag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.List;

/**
 * Rebuilding the projections: start a rebuild from the start of the event log (the live generation keeps serving
 * until the new one has caught up, then they switch), and follow its progress.
 */
@Tag(name = "projections and audit")
@RestController
@RequestMapping(path = "/api/v1/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionController {

    private final Projections projections;
    private final Generations generations;
    private final EventLog eventLog;
    private final StreamLag lag;

    ProjectionController(Projections projections, Generations generations, EventLog eventLog, StreamLag lag) {
        this.projections = projections;
        this.generations = generations;
        this.eventLog = eventLog;
        this.lag = lag;
    }

    /**
     * The generation serving now, the event log's size and newest event, how far behind the stream this instance
     * is ({@code lagSeconds}) and how long ago it last took an event in ({@code freshnessSeconds}, null if not
     * since it started), and every build with its progress.
     */
    record Overview(int live, long eventsInLog, Instant lastEventAt, double lagSeconds, Double freshnessSeconds,
            List<GenerationView> generations) {
    }

    record GenerationView(int generation, String kind, String state, java.time.Instant asOf, long events,
            double progress, java.time.Instant startedAt, java.time.Instant finishedAt, String failure) {

        static GenerationView of(Generation g) {
            return new GenerationView(g.generation(), g.kind(), g.state(), g.asOf(), g.events(), g.progress(),
                    g.startedAt(), g.finishedAt(), g.failure());
        }
    }

    @Operation(summary = "The live generation, the event log, lag and freshness, and every generation")
    @GetMapping
    Mono<Overview> overview() {
        return Mono.fromCallable(() -> {
            double freshness = lag.freshnessSeconds();
            return new Overview(generations.live(), eventLog.count(), eventLog.lastOccurredAt(), lag.lagSeconds(),
                    Double.isNaN(freshness) ? null : freshness,
                    generations.all().stream().map(GenerationView::of).toList());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "One generation: its state and the progress of its build")
    @GetMapping("/{generation}")
    Mono<GenerationView> one(@PathVariable int generation) {
        return Mono.fromCallable(() -> generations.find(generation).map(GenerationView::of)
                        .orElseThrow(() -> new NotFoundException("there is no generation " + generation)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** 202: the rebuild runs in the background; GET its generation for progress. 409 if one is running. */
    @Operation(summary = "Rebuild every projection from the start of the stream into a new generation, then switch",
            description = "202: the old generation serves until the switch; follow the progress with GET. 409 while "
                    + "another rebuild runs.")
    @PostMapping("/rebuilds")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<GenerationView> rebuild() {
        return Mono.fromCallable(() -> GenerationView.of(projections.rebuild())).subscribeOn(Schedulers.boundedElastic());
    }
}
