package io.closedloop.routing.web;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The classifications people corrected, as a labelled CSV ({@code text,label}) that the classifier CLI trains on:
 * corrections feed the next training run. The newest correction of a complaint wins.
 */
@RestController
class CorrectionsController {

    private final JdbcClient jdbc;

    CorrectionsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping(path = "/api/v1/classification/corrections.csv", produces = "text/csv;charset=UTF-8")
    Mono<String> corrections() {
        return Mono.fromCallable(() -> {
            StringWriter out = new StringWriter();
            try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader("text", "label").get())) {
                jdbc.sql("""
                                select distinct on (complaint_id) text, category from classification_correction
                                where category is not null order by complaint_id, corrected_at desc
                                """)
                        .query((rs, n) -> {
                            try {
                                csv.printRecord(rs.getString(1), rs.getString(2));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            return n;
                        })
                        .list();
            }
            return out.toString();
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
