package io.closedloop.harness.bench;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The machine-readable results: one JSON object per run, one line each (JSON Lines), appended, so runs with
 * 10 thousand, 100 thousand and 1 million stored complaints sit side by side in one file.
 */
final class BenchResults {

    private BenchResults() {
    }

    static String line(Map<String, Object> result) throws JsonProcessingException {
        return Bench.JSON.writeValueAsString(result) + "\n";
    }

    static void append(Path file, Map<String, Object> result) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, line(result), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
