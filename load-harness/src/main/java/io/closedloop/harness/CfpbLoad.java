package io.closedloop.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.json.ContractJson;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads CFPB complaints through intake's HTTP API, then checks that analytics counts exactly what the CSV says, by
 * product, by channel and by month. The expected counts are computed here, from the CSV alone.
 */
final class CfpbLoad {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private CfpbLoad() {
    }

    static int run(Options options) throws Exception {
        List<CfpbComplaints.Row> rows = options.values().containsKey("csv")
                ? CfpbComplaints.read(Path.of(options.get("csv", null)))
                : CfpbComplaints.sample();
        int limit = options.integer("limit", rows.size());
        rows = rows.subList(0, Math.min(limit, rows.size()));
        String intake = options.get("intake", "http://localhost:8081");
        String analytics = options.get("analytics", "http://localhost:8085");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        System.out.printf("Loading %,d CFPB complaints into %s ...%n", rows.size(), intake);
        long started = System.nanoTime();
        Result result = load(http, intake, rows, options.integer("concurrency", 16));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("created %,d, already there %,d, refused %,d, failed %,d in %.1f s (%.0f/s)%n",
                result.created.get(), result.existing.get(), result.refused.get(), result.failed.get(), seconds,
                rows.size() / seconds);
        if (result.refused.get() + result.failed.get() > 0) {
            return 1;
        }
        if (options.flag("no-verify")) {
            return 0;
        }
        return verify(http, analytics, rows, Duration.ofSeconds(options.integer("verify-timeout", 300)));
    }

    /** What became of the submissions. */
    private static final class Result {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger existing = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
    }

    private static Result load(HttpClient http, String intake, List<CfpbComplaints.Row> rows, int concurrency)
            throws Exception {
        Result result = new Result();
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>();
        URI uri = URI.create(intake + "/api/v1/complaints");
        for (CfpbComplaints.Row row : rows) {
            byte[] body = JSON.writeValueAsBytes(CfpbComplaints.submission(row));
            inFlight.acquire();
            HttpRequest request = HarnessHttp.request(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("X-Correlation-Id", "cfpb-load-" + row.complaintId())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                inFlight.release();
                if (error != null) {
                    if (result.failed.incrementAndGet() <= 5) {
                        System.err.println("complaint " + row.complaintId() + ": " + error);
                    }
                } else if (response.statusCode() == 201) {
                    result.created.incrementAndGet();
                } else if (response.statusCode() == 200) {
                    result.existing.incrementAndGet();
                } else if (result.refused.incrementAndGet() <= 5) {
                    System.err.println("complaint " + row.complaintId() + ": HTTP " + response.statusCode() + " "
                            + response.body());
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return result;
    }

    /** Polls analytics until its counts equal the CSV's (or the time is up) and prints both side by side. */
    static int verify(HttpClient http, String analytics, List<CfpbComplaints.Row> rows, Duration timeout)
            throws Exception {
        LocalDate first = rows.stream().map(CfpbComplaints.Row::received).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = rows.stream().map(CfpbComplaints.Row::received).max(LocalDate::compareTo).orElseThrow();
        String period = "from=" + enc(first.atTime(LocalTime.MIN).atOffset(ZoneOffset.UTC).toString())
                + "&to=" + enc(last.plusDays(1).atTime(LocalTime.MIN).atOffset(ZoneOffset.UTC).toString());
        Map<String, Map<String, Long>> expected = expected(rows);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Map<String, Long>> actual;
        while (true) {
            actual = Map.of(
                    "product", shares(http, analytics + "/api/v1/reports/breakdown?by=product&limit=1000&" + period),
                    "channel", shares(http, analytics + "/api/v1/reports/breakdown?by=channel&limit=1000&" + period),
                    "month", months(http, analytics + "/api/v1/reports/trends?bucket=month&" + period));
            if (actual.equals(expected) || System.nanoTime() - deadline > 0) {
                break;
            }
            long counted = actual.get("channel").values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("analytics has counted %,d of %,d so far ...%n", counted, rows.size());
            Thread.sleep(2_000);
        }
        boolean pass = true;
        for (String dimension : List.of("channel", "product", "month")) {
            System.out.printf("%nby %s%n%-70s %10s %10s%n", dimension, "", "CSV", "analytics");
            TreeMap<String, Long> keys = new TreeMap<>(expected.get(dimension));
            actual.get(dimension).keySet().forEach(k -> keys.putIfAbsent(k, 0L));
            for (String key : keys.keySet()) {
                long e = expected.get(dimension).getOrDefault(key, 0L);
                long a = actual.get(dimension).getOrDefault(key, 0L);
                pass &= e == a;
                System.out.printf("%-70s %,10d %,10d%s%n", key.length() > 70 ? key.substring(0, 67) + "..." : key, e, a,
                        e == a ? "" : "   <- differs");
            }
        }
        System.out.println(pass ? "\nPASS: analytics counts what the CSV says" : "\nFAIL: the counts differ");
        return pass ? 0 : 1;
    }

    static Map<String, Map<String, Long>> expected(List<CfpbComplaints.Row> rows) {
        return Map.of(
                "product", count(rows, CfpbComplaints.Row::product),
                "channel", count(rows, r -> CfpbComplaints.channel(r.submittedVia()).code()),
                "month", count(rows, r -> r.received().withDayOfMonth(1).toString()));
    }

    private static Map<String, Long> count(List<CfpbComplaints.Row> rows, Function<CfpbComplaints.Row, String> key) {
        return rows.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Long> shares(HttpClient http, String url) throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode n : get(http, url)) {
            counts.put(n.get("key").asText(), n.get("complaints").asLong());
        }
        return counts;
    }

    private static Map<String, Long> months(HttpClient http, String url) throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode n : get(http, url)) {
            counts.merge(n.get("bucket").asText(), n.get("complaints").asLong(), Long::sum);
        }
        return counts;
    }

    private static JsonNode get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HarnessHttp.request(url)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
