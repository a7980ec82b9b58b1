package io.closedloop.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.json.ContractJson;
import org.json.JSONException;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The committed golden JSON files under {@code src/test/resources/golden}, read from (and, on request, written to)
 * the source tree so that a regenerated file is what gets committed.
 *
 * <p>To create or deliberately change golden files, run
 * <pre>
 *   ./mvnw -q -f shared-events/pom.xml test -Dgolden.update=true
 * </pre>
 * and review the diff before committing. Without {@code -Dgolden.update=true} a missing golden file fails the
 * test; a golden file is never rewritten silently.
 */
public final class GoldenFiles {

    /** Set {@code -Dgolden.update=true} to (re)write golden files from the samples instead of only checking them. */
    public static final String UPDATE_PROPERTY = "golden.update";

    /**
     * For tests that edit a golden file as a tree before reading it: keeps decimals exact (199.00 stays 199.00),
     * so that the edit itself cannot change an amount.
     */
    private static final ObjectMapper EXACT_TREES = ContractJson.configure(JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build());

    private GoldenFiles() {
    }

    /** {@code json} as a tree that keeps every number exactly as written. */
    public static JsonNode exactTree(String json) {
        try {
            return EXACT_TREES.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /** {@code src/test/resources/golden} of this module; Maven's surefire sets {@code basedir}. */
    public static Path root() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                .resolve("src").resolve("test").resolve("resources").resolve("golden");
    }

    /** The contract's writer with a fixed, platform-independent layout for committed files. */
    public static ObjectWriter prettyWriter(Class<?> asType) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return ContractJson.mapper().writerFor(asType).with(printer);
    }

    /**
     * The golden file's text. With {@code -Dgolden.update=true} the file is first (re)written from {@code sample}
     * as {@code asType}; otherwise a missing file fails the test with instructions.
     */
    public static String golden(String relativePath, Object sample, Class<?> asType) {
        Path file = root().resolve(relativePath);
        try {
            if (updating()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, prettyWriter(asType).writeValueAsString(sample) + "\n", StandardCharsets.UTF_8);
            }
            if (!Files.isRegularFile(file)) {
                fail("golden file " + file + " is missing; generate it with -D" + UPDATE_PROPERTY
                        + "=true, review it and commit it");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new AssertionError("cannot write sample " + sample, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code actual} is the golden JSON: the same fields with the same values (JSONAssert STRICT: nothing missing,
     * nothing extra, arrays in order), and every number written exactly as in the golden file. JSONAssert compares
     * numbers by value, so the second check is what notices 199.00 turning into 199 or 199.0.
     */
    public static void assertMatchesGolden(String message, String golden, String actual) {
        try {
            JSONAssert.assertEquals(message, golden, actual, JSONCompareMode.STRICT);
        } catch (JSONException e) {
            throw new AssertionError(message + ": not JSON", e);
        }
        assertThat(numbersAsWritten(exactTree(actual)))
                .as(message + ": numbers as written")
                .isEqualTo(numbersAsWritten(exactTree(golden)));
    }

    private static Map<String, String> numbersAsWritten(JsonNode tree) {
        Map<String, String> numbers = new TreeMap<>();
        collectNumbers("$", tree, numbers);
        return numbers;
    }

    private static void collectNumbers(String path, JsonNode node, Map<String, String> numbers) {
        if (node.isNumber()) {
            numbers.put(path, node.toString());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> collectNumbers(path + "." + f.getKey(), f.getValue(), numbers));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectNumbers(path + "[" + i + "]", node.get(i), numbers);
            }
        }
    }

    /** The names (without {@code .json}) of the golden files in a folder under the golden root. */
    public static Set<String> namesIn(String folder) {
        Path dir = root().resolve(folder);
        if (!Files.isDirectory(dir)) {
            fail("golden folder " + dir + " is missing");
        }
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> names = new TreeSet<>();
            files.map(p -> p.getFileName().toString()).forEach(name -> {
                if (!name.endsWith(".json")) {
                    fail("unexpected file in " + dir + ": " + name + " (golden files are <TypeName>.json)");
                }
                names.add(name.substring(0, name.length() - ".json".length()));
            });
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
