package io.closedloop.analytics.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.json.ContractJson;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any report as CSV, for spreadsheets and BI tools: a list becomes one row per element, a single figure one row;
 * nested values become dotted columns ({@code sla.0.compliance}). UTF-8 with a byte-order mark, so that Excel opens
 * Chinese text correctly.
 */
final class Csv {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = ContractJson.mapper();

    private Csv() {
    }

    static ResponseEntity<String> of(Object report, String name) {
        JsonNode tree = JSON.valueToTree(report);
        List<Map<String, String>> rows = new ArrayList<>();
        if (tree.isArray()) {
            tree.forEach(element -> rows.add(flatten(element)));
        } else {
            rows.add(flatten(tree));
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.keySet()));
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(columns.toArray(String[]::new)).get())) {
            for (Map<String, String> row : rows) {
                List<String> values = new ArrayList<>(columns.size());
                columns.forEach(c -> values.add(row.getOrDefault(c, "")));
                csv.printRecord(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                .body(out.toString());
    }

    static boolean wanted(String format, String accept) {
        return "csv".equalsIgnoreCase(format) || (accept != null && accept.contains("text/csv"));
    }

    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> row = new LinkedHashMap<>();
        flatten("", node, row);
        return row;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> row) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(),
                    f.getValue(), row));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "." + i, node.get(i), row);
            }
        } else if (!node.isNull()) {
            row.put(prefix.isEmpty() ? "value" : prefix, node.asText());
        }
    }
}
