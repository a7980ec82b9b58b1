package io.closedloop.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchResultsTest {

    @Test
    void eachRunIsAppendedAsOneJsonLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results/bench.jsonl");
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("run", "bench-1");
        first.put("stage", Percentiles.of(new long[]{10, 20, 30}));
        first.put("rebuild", new Bench.Rebuild(2, 1000, 0.5, 2000, "active"));
        BenchResults.append(file, first);
        BenchResults.append(file, Map.of("run", "bench-2", "note", "多行\ntext"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode one = Bench.JSON.readTree(lines.get(0));
        assertThat(one.path("run").asText()).isEqualTo("bench-1");
        assertThat(one.path("stage").path("p50").asLong()).isEqualTo(20);
        assertThat(one.path("rebuild").path("eventsPerSecond").asDouble()).isEqualTo(2000);
        assertThat(Bench.JSON.readTree(lines.get(1)).path("note").asText()).isEqualTo("多行\ntext");
    }
}
