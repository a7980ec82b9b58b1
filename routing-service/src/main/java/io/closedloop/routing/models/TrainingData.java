package io.closedloop.routing.models;

import io.closedloop.routing.classify.LabelledCsv;
import io.closedloop.routing.classify.LabelledText;
import io.closedloop.routing.classify.ModelComparison.KeyedText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a text model learns from: the labelled examples the service ships ({@code seed-complaints.csv}) and every
 * classification a person corrected so far, the newest correction of a complaint winning (as in the corrections
 * export). Rows carry keys ({@code seed:<line>}, {@code complaint:<id>}) so two training sets can be compared row by
 * row.
 */
@Component
public class TrainingData {

    static final String SEED = "/classify/seed-complaints.csv";

    private final JdbcClient jdbc;
    private final List<KeyedText> seed;

    TrainingData(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.seed = readSeed();
    }

    /**
     * @param correctionsThrough the newest correction included ({@code seq}), null when there is none
     */
    public record Snapshot(List<KeyedText> rows, int seedRows, int correctionRows, Long correctionsThrough) {

        public List<LabelledText> labelled() {
            return rows.stream().map(KeyedText::row).toList();
        }

        public SortedMap<String, Integer> labelCounts() {
            SortedMap<String, Integer> counts = new TreeMap<>();
            rows.forEach(r -> counts.merge(r.row().label(), 1, Integer::sum));
            return counts;
        }

        public String describe() {
            return "seed-complaints.csv (" + seedRows + " rows) + " + correctionRows + " corrections"
                    + (correctionsThrough == null ? "" : " up to #" + correctionsThrough);
        }
    }

    /** The shipped examples alone: what the starter model learns from. */
    public Snapshot seedOnly() {
        return new Snapshot(seed, seed.size(), 0, null);
    }

    /** The shipped examples and every correction kept so far. */
    public Snapshot current() {
        Long newest = jdbc.sql("select max(seq) from classification_correction").query(Long.class).optional()
                .orElse(null);
        return through(newest);
    }

    /** The data as it was when the newest correction was {@code correctionsThrough}: a stored model's training set. */
    public Snapshot through(Long correctionsThrough) {
        if (correctionsThrough == null) {
            return seedOnly();
        }
        List<KeyedText> corrections = jdbc.sql("""
                        select distinct on (complaint_id) complaint_id, text, category from classification_correction
                        where category is not null and btrim(category) <> '' and seq <= :through
                        order by complaint_id, corrected_at desc, seq desc
                        """)
                .param("through", correctionsThrough)
                .query((rs, n) -> new KeyedText("complaint:" + rs.getString(1),
                        new LabelledText(rs.getString(2), rs.getString(3).strip())))
                .list();
        List<KeyedText> rows = new ArrayList<>(seed);
        rows.addAll(corrections);
        return new Snapshot(List.copyOf(rows), seed.size(), corrections.size(), correctionsThrough);
    }

    /** How many corrections were kept after {@code seq} (all of them for null). */
    public long correctionsAfter(Long seq) {
        return jdbc.sql("select count(*) from classification_correction where seq > :seq")
                .param("seq", seq == null ? 0L : seq).query(Long.class).single();
    }

    static List<KeyedText> readSeed() {
        try {
            Path file = Files.createTempFile("seed-complaints", ".csv");
            try (InputStream in = TrainingData.class.getResourceAsStream(SEED)) {
                if (in == null) {
                    throw new IllegalStateException(SEED + " is missing from the service");
                }
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                List<LabelledText> rows = LabelledCsv.read(file, List.of("text"), "label");
                List<KeyedText> keyed = new ArrayList<>(rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    keyed.add(new KeyedText("seed:" + (i + 1), rows.get(i)));
                }
                return List.copyOf(keyed);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
