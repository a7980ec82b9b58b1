package io.closedloop.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.json.ContractJson;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One checked run of load against the running platform, with one fault injected into it (the scale-out check's
 * {@code kill -9}, a broker or database outage, a full disk, a slow mail server):
 * <ol>
 *   <li>activates a clock policy with deadlines of seconds, so warnings and escalations fall due during the run;</li>
 *   <li>files complaints through every intake instance at a steady rate, acknowledges half of them and resolves a
 *       quarter (feedback then writes the result to the customer), as departments would; a request that is not
 *       answered with 2xx is sent again (same channel message id, same idempotency key) as a real adapter would,
 *       and only a 2xx answer counts as accepted;</li>
 *   <li>a third of the way in, injects the {@link Fault}, which returns once the platform has recovered;</li>
 *   <li>waits until every complaint is settled and then reconciles every complaint's stream (intake) against each
 *       clock (sla-timer), each feedback record and mail (feedback, the mail server) and the counts (analytics):
 *       the {@link Verdict}.</li>
 * </ol>
 * "Processed twice" is judged where it would show: a second classification or assignment of one complaint, two
 * deadlines sets for one clock start, a warning or escalation raised twice for one due time, two result letters for
 * one resolution, a mail delivered twice, a clock counted twice by sla-timer, a complaint counted twice by analytics.
 */
final class CheckedLoad {

    private static final ObjectMapper JSON = ContractJson.mapper();
    static final List<String> SERVICES = List.of("intake-service", "routing-service", "sla-timer-service",
            "feedback-service", "analytics-service");
    /** The check's clock: acknowledge within 30 s (warning at 15 s), escalate at 30 s and again at 50 s. */
    private static final Duration ACK_TARGET = Duration.ofSeconds(30);
    private static final Duration WARN_AFTER = Duration.ofSeconds(15);
    private static final Map<Integer, Duration> ESCALATION_AFTER_DUE = Map.of(1, Duration.ZERO, 2, Duration.ofSeconds(20));
    /** A warning or escalation more than this late is counted as missed. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    /** after the assignment is visible */
    private static final Duration ACK_AFTER = Duration.ofSeconds(1);
    private static final Duration RESOLVE_AFTER = Duration.ofSeconds(5);

    /** What every run needs: the platform, the load, the patience. */
    record Settings(Path dataDir, int complaints, int rate, Duration settleTimeout, Duration restartTimeout,
                    Duration requestPatience) {

        static Settings from(Options options, int defaultComplaints, int defaultRate) {
            return new Settings(Path.of(options.get("data-dir", "data")), options.integer("complaints", defaultComplaints),
                    options.integer("rate", defaultRate), Duration.ofSeconds(options.integer("settle-timeout", 600)),
                    Duration.ofSeconds(options.integer("restart-timeout", 600)),
                    Duration.ofSeconds(options.integer("request-patience", 180)));
        }
    }

    private final Path dataDir;
    private final int complaints;
    private final int rate;
    private final Duration settleTimeout;
    private final Duration restartTimeout;
    private final Fault fault;
    private final MailServerReader mailServer;
    /** wall time: the complaints' receipt, the deadlines they are judged against, the run's name */
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    /** also the complaints' product, so that analytics' rows of this run can be told from others' */
    final String run;
    private final Map<String, Replicas> replicas = new LinkedHashMap<>();

    /** Complaint number to what became of it. */
    private final Map<Integer, Filed> filed = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

    /** A complaint the platform accepted, and what the check's departments did with it. */
    private static final class Filed {
        final int number;
        final String complaintId;
        final Instant sentAt;
        volatile boolean acknowledged;
        volatile boolean resolved;

        Filed(int number, String complaintId, Instant sentAt) {
            this.number = number;
            this.complaintId = complaintId;
            this.sentAt = sentAt;
        }
    }

    /**
     * @param name       the run's name prefix (the run is named {@code <name>-<UTC time>})
     * @param mailServer reads the platform's mail server, to count delivered mails; null: mails are not counted
     */
    CheckedLoad(String name, Settings settings, Fault fault, MailServerReader mailServer) {
        this.dataDir = settings.dataDir();
        this.complaints = settings.complaints();
        this.rate = settings.rate();
        this.settleTimeout = settings.settleTimeout();
        this.restartTimeout = settings.restartTimeout();
        this.fault = fault;
        this.mailServer = mailServer;
        this.run = name + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
        try {
            PlatformInstances instances = PlatformInstances.read(dataDir.resolve("instances.tsv"));
            instances.urls().forEach((service, urls) -> replicas.put(service,
                    new Replicas(service, urls, http, settings.requestPatience())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Loads, injects the fault a third of the way in, waits until everything settled, and reconciles. */
    Verdict run() throws Exception {
        PlatformInstances instances = PlatformInstances.read(dataDir.resolve("instances.tsv"));
        System.out.printf(Locale.ROOT, "%s: %d complaints at %d/s through %d intake instance(s); a third of the way "
                        + "in: %s%n", run, complaints, rate, instances.of("intake-service").size(), fault.description());
        instances.all().forEach(i -> System.out.printf(Locale.ROOT, "  %-20s %s pid %d%n", i.label(), i.baseUrl(), i.pid()));

        activateShortClocks();
        Instant loadStart = clock.instant();
        CompletableFuture<Void> injected = new CompletableFuture<>();
        load(injected);
        Replicas intake = replicas.get("intake-service");
        System.out.printf(Locale.ROOT, "load done in %.1f s: accepted %d, refused %d, failed %d; %d request(s) sent "
                        + "again; intake's answers: %s%n", Duration.between(loadStart, clock.instant()).toMillis() / 1000.0,
                filed.size(), refused.get(), failed.get(), intake.failovers.get(), intake.statuses());
        injected.get(restartTimeout.toSeconds() + 600, TimeUnit.SECONDS);
        int internalErrors = intake.statuses().getOrDefault(500, 0);
        if (internalErrors > 0) {
            // an outage is no bug: intake should say "come back later" (503), and a 500 would hide a real bug
            problems.add("intake answered 500 (internal error) " + internalErrors + " time(s); an outage should be 503");
        }
        Verdict verdict = settle();
        verdict.intakeAnswers.putAll(intake.statuses());
        return verdict;
    }

    private void activateShortClocks() throws IOException {
        String policy = """
                {"name": "checked-load", "calendar": "cn-mainland", "clocks": [
                  {"clockId": "acknowledge", "description": "fault check: acknowledge within 30 s",
                   "startOn": ["ComplaintReceived"], "satisfiedBy": "ComplaintAcknowledged",
                   "target": {"elapsed": "PT30S"}, "warnAtFraction": 0.5,
                   "escalation": [{"level": 1, "after": "PT0S", "escalateTo": "team-lead"},
                                  {"level": 2, "after": "PT20S", "escalateTo": "department-head"}]},
                  {"clockId": "resolve", "description": "fault check: resolve within 2 h",
                   "startOn": ["ComplaintReceived"], "satisfiedBy": "ComplaintResolved",
                   "target": {"elapsed": "PT2H"},
                   "escalation": [{"level": 1, "after": "PT0S", "escalateTo": "department-head"}]}]}
                """;
        HttpResponse<String> response = replicas.get("sla-timer-service").send(base -> HarnessHttp
                .request(base + "/api/v1/clock-policies?note=" + enc(run))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("X-Actor", "checked-load")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(policy)).build());
        if (response.statusCode() != 201) {
            throw new IOException("sla-timer refused the check's clock policy: HTTP " + response.statusCode() + " "
                    + response.body());
        }
        System.out.println("clock policy for the check: " + JSON.readTree(response.body()).path("version").path("stamp").asText("?")
                + " (acknowledge within 30 s, warning at 15 s, escalations at 30 s and 50 s)");
    }

    private void load(CompletableFuture<Void> injected) throws Exception {
        List<CfpbComplaints.Row> rows = CfpbComplaints.sample();
        ExecutorService senders = Executors.newFixedThreadPool(32);
        ScheduledExecutorService departments = Executors.newScheduledThreadPool(8);
        List<CompletableFuture<?>> work = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int i = 0; i < complaints; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // paces the arrivals: rate per second, evenly
            }
            if (i == complaints / 3) {
                Thread injector = new Thread(() -> inject(injected), "fault-" + fault.name());
                injector.setDaemon(true);
                injector.start();
            }
            int number = i;
            CfpbComplaints.Row row = rows.get(i % rows.size());
            work.add(CompletableFuture.runAsync(() -> file(number, row, departments, work), senders));
        }
        while (true) { // the follow-ups add work of their own while this waits
            List<CompletableFuture<?>> snapshot;
            synchronized (work) {
                snapshot = new ArrayList<>(work);
            }
            CompletableFuture.allOf(snapshot.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            synchronized (work) {
                if (work.size() == snapshot.size()) {
                    break;
                }
            }
        }
        senders.shutdown();
        departments.shutdown();
    }

    private void file(int number, CfpbComplaints.Row row, ScheduledExecutorService departments,
                      List<CompletableFuture<?>> work) {
        ComplaintSubmission cfpb = CfpbComplaints.submission(row);
        Instant now = clock.instant();
        ComplaintSubmission submission = new ComplaintSubmission(cfpb.channel(), run + "-" + number, now,
                new Complainant(null, null, customerAddress(number), run + "-customer-" + number),
                cfpb.subject(), cfpb.text(), InfoType.COMPLAINT, run, null, null, List.of(), cfpb.region(), "en", null);
        try {
            HttpResponse<String> response = replicas.get("intake-service").postJson("/api/v1/complaints",
                    JSON.writeValueAsString(submission), null);
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                refused.incrementAndGet();
                problems.add("complaint " + number + " refused: HTTP " + response.statusCode() + " " + response.body());
                return;
            }
            JsonNode accepted = JSON.readTree(response.body());
            Filed complaint = new Filed(number, accepted.path("complaintId").asText(accepted.path("id").asText()), now);
            filed.put(number, complaint);
            if (number % 2 == 0) {
                // a department acts on a complaint once it has been assigned to it, not before
                CompletableFuture<Void> handled = new CompletableFuture<>();
                work.add(handled);
                whenAssigned(departments, complaint, clock.instant().plus(settleTimeout), () -> {
                    work.add(later(departments, ACK_AFTER, () -> acknowledge(complaint)));
                    if (number % 4 == 0) {
                        work.add(later(departments, RESOLVE_AFTER, () -> resolve(complaint)));
                    }
                    handled.complete(null);
                });
            }
        } catch (IOException e) {
            failed.incrementAndGet();
            problems.add("complaint " + number + " not accepted: " + e.getMessage());
        }
    }

    /** Runs {@code then} once intake shows the complaint assigned to a department (checked every 2 s). */
    private void whenAssigned(ScheduledExecutorService scheduler, Filed complaint, Instant giveUpAt, Runnable then) {
        scheduler.schedule(() -> {
            try {
                HttpResponse<String> response = replicas.get("intake-service").get("/api/v1/complaints/" + complaint.complaintId);
                if (response.statusCode() == 200 && !JSON.readTree(response.body()).path("department").asText("").isEmpty()) {
                    then.run();
                    return;
                }
            } catch (IOException e) {
                // intake unreachable for a moment: look again below
            }
            if (clock.instant().isAfter(giveUpAt)) {
                problems.add("complaint " + complaint.number + " was not assigned within " + settleTimeout.toSeconds()
                        + " s; acknowledged anyway");
                then.run();
                return;
            }
            whenAssigned(scheduler, complaint, giveUpAt, then);
        }, 2, TimeUnit.SECONDS);
    }

    private static CompletableFuture<Void> later(ScheduledExecutorService scheduler, Duration delay, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    private void acknowledge(Filed complaint) {
        String body = "{\"by\": \"checked-load\", \"message\": \"已收到您的投诉 / we have your complaint\"}";
        complaint.acknowledged = act(complaint, "acknowledgement", body, "ack-" + complaint.complaintId);
    }

    private void resolve(Filed complaint) {
        String body = """
                {"by": "checked-load", "solution": "已退款 / refunded", "effect": "客户确认收到 / the customer has it",
                 "suggestionsTaken": [], "followUp": "none"}""";
        complaint.resolved = act(complaint, "resolution", body, "resolve-" + complaint.complaintId);
    }

    private boolean act(Filed complaint, String action, String body, String idempotencyKey) {
        try {
            HttpResponse<String> response = replicas.get("intake-service").postJson(
                    "/api/v1/complaints/" + complaint.complaintId + "/" + action, body, idempotencyKey);
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            problems.add(action + " of complaint " + complaint.number + " refused: HTTP " + response.statusCode() + " "
                    + response.body());
        } catch (IOException e) {
            problems.add(action + " of complaint " + complaint.number + " failed: " + e.getMessage());
        }
        return false;
    }

    private void inject(CompletableFuture<Void> done) {
        try {
            fault.inject(new Fault.Context(dataDir, http, clock, problems, restartTimeout));
        } catch (Exception e) {
            problems.add("fault " + fault.name() + ": " + e);
        } finally {
            done.complete(null);
        }
    }

    /** Reads everything again every few seconds until nothing is pending any more, or the time is up. */
    private Verdict settle() throws Exception {
        System.out.println("waiting until every complaint is settled (routed, clocks set, due escalations fired, "
                + "results sent, counted by analytics) ...");
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        Verdict verdict;
        while (true) {
            verdict = inspect();
            if (verdict.pending == 0 || System.nanoTime() > deadline) {
                return verdict;
            }
            System.out.printf(Locale.ROOT, "  %d thing(s) still pending, e.g. %s; not yet: %s%n", verdict.pending,
                    verdict.firstPending, verdict.lost);
            LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
        }
    }

    private Verdict inspect() throws Exception {
        Verdict verdict = new Verdict();
        verdict.accepted = filed.size();
        Instant now = clock.instant();
        // analytics is read before the streams: an event recorded in between (a late escalation firing) then shows
        // as not yet counted, and the next look settles it, instead of as counted twice
        List<JsonNode> counted = analyticsRows();
        ExecutorService readers = Executors.newFixedThreadPool(8);
        Map<Filed, CompletableFuture<JsonNode>> streams = new LinkedHashMap<>();
        Map<Filed, CompletableFuture<JsonNode>> clocks = new LinkedHashMap<>();
        Map<Filed, CompletableFuture<JsonNode>> results = new LinkedHashMap<>();
        Map<Filed, CompletableFuture<JsonNode>> outboxes = new LinkedHashMap<>();
        for (Filed complaint : filed.values()) {
            streams.put(complaint, read(readers, "intake-service", "/api/v1/complaints/" + complaint.complaintId + "/events"));
            clocks.put(complaint, read(readers, "sla-timer-service", "/api/v1/complaints/" + complaint.complaintId + "/clocks"));
            if (complaint.resolved) {
                results.put(complaint, read(readers, "feedback-service", "/api/v1/complaints/" + complaint.complaintId + "/feedback"));
                outboxes.put(complaint, read(readers, "feedback-service", "/api/v1/outbox/mails?complaintId="
                        + complaint.complaintId));
            }
        }
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Map.Entry<Filed, CompletableFuture<JsonNode>> entry : streams.entrySet()) {
            Filed complaint = entry.getKey();
            if (!ids.add(complaint.complaintId)) {
                verdict.add(verdict.duplicated, "one complaint id for two messages", complaint.complaintId);
            }
            checkStream(verdict, complaint, entry.getValue().get(), now);
            checkClocks(verdict, complaint, clocks.get(complaint).get());
            if (results.containsKey(complaint)) {
                checkResult(verdict, complaint, results.get(complaint).get());
                if (mailServer != null) {
                    checkMails(verdict, complaint, outboxes.get(complaint).get());
                }
            }
        }
        readers.shutdown();
        checkAnalytics(verdict, ids, counted);
        return verdict;
    }

    private CompletableFuture<JsonNode> read(ExecutorService readers, String service, String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<String> response = replicas.get(service).get(path);
                return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.nullNode();
            } catch (IOException e) {
                return JSON.nullNode();
            }
        }, readers);
    }

    private void checkStream(Verdict verdict, Filed complaint, JsonNode events, Instant now) {
        Map<String, Integer> byType = new HashMap<>();
        Map<String, Integer> deadlines = new HashMap<>();
        Map<String, Integer> warnings = new HashMap<>();
        Map<String, Integer> escalations = new HashMap<>();
        Instant ackDue = null;
        Instant acknowledgedAt = null;
        Instant deadlinesSetAt = null;
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            JsonNode payload = event.path("payload");
            if (type.equals("ComplaintClassified") && payload.path("correction").asBoolean(false)) {
                type = "ComplaintClassified (correction)";
            }
            if (type.equals("CommandRejected")) {
                type = "CommandRejected " + payload.path("commandType").asText();
            }
            byType.merge(type, 1, Integer::sum);
            switch (type) {
                case "DeadlinesSet" -> {
                    if (deadlinesSetAt == null) {
                        deadlinesSetAt = Instant.parse(event.path("occurredAt").asText());
                    }
                    for (JsonNode d : payload.path("deadlines")) {
                        deadlines.merge(d.path("clockId").asText() + "@" + d.path("startedAt").asText() + "->"
                                + d.path("dueAt").asText(), 1, Integer::sum);
                        if (d.path("clockId").asText().equals("acknowledge")) {
                            ackDue = Instant.parse(d.path("dueAt").asText());
                        }
                    }
                }
                case "DeadlineWarningRaised" -> warnings.merge(payload.path("clockId").asText() + "@"
                        + payload.path("dueAt").asText(), 1, Integer::sum);
                case "EscalationRaised" -> escalations.merge(payload.path("clockId").asText() + "#"
                        + payload.path("level").asInt() + "@" + payload.path("dueAt").asText(), 1, Integer::sum);
                case "ComplaintAcknowledged" -> acknowledgedAt = Instant.parse(event.path("occurredAt").asText());
                default -> {
                }
            }
        }
        String id = complaint.complaintId;
        if (!events.isArray() || byType.getOrDefault("ComplaintReceived", 0) == 0) {
            verdict.pending("complaint " + id + " is not on its stream yet");
            verdict.add(verdict.lost, "accepted but not on its stream", id);
            return;
        }
        verdict.counted.merge("complaints on their streams (intake)", 1, Integer::sum);
        once(verdict, byType, "ComplaintReceived", id, "intake");
        if (byType.get("ComplaintReceived") == 1) {
            verdict.onStreamOnce++;
        }
        once(verdict, byType, "ComplaintClassified", id, "routing");
        if (byType.containsKey("CommandRejected AssignDepartment") && !byType.containsKey("DepartmentAssigned")) {
            // routing decided and the complaint refused (e.g. it was resolved before routing got to it): decided once
            verdict.counted.merge("assignments refused by the complaint, recorded (routing)", 1, Integer::sum);
        } else {
            once(verdict, byType, "DepartmentAssigned", id, "routing");
        }
        once(verdict, byType, "DeadlinesSet", id, "sla-timer");
        deadlines.forEach((key, n) -> {
            if (n > 1) {
                verdict.add(verdict.duplicated, "a deadline set twice (sla-timer)", id + " " + key);
            }
        });
        warnings.forEach((key, n) -> {
            verdict.counted.merge("warnings raised (sla-timer)", 1, Integer::sum);
            if (n > 1) {
                verdict.add(verdict.duplicated, "a warning raised twice (sla-timer)", id + " " + key);
            }
        });
        verdict.escalationsOnStream.put(id, byType.getOrDefault("EscalationRaised", 0));
        escalations.forEach((key, n) -> {
            verdict.counted.merge("escalations raised (sla-timer)", 1, Integer::sum);
            if (n > 1) {
                verdict.add(verdict.duplicated, "an escalation raised twice (sla-timer)", id + " " + key);
            }
        });
        if (complaint.acknowledged) {
            once(verdict, byType, "ComplaintAcknowledged", id, "intake");
        }
        if (complaint.resolved) {
            once(verdict, byType, "ComplaintResolved", id, "intake");
            once(verdict, byType, "ResultFeedbackSent", id, "feedback");
        }
        // every warning and escalation that fell due before the acknowledgement (or by now) must have fired
        if (ackDue != null) {
            Instant until = acknowledgedAt != null ? acknowledgedAt : now;
            Instant warnAt = ackDue.minus(ACK_TARGET).plus(WARN_AFTER);
            int warnedTimes = warnings.getOrDefault("acknowledge@" + ackDue, 0);
            boolean warned = warnedTimes > 0;
            if (!warned && byType.containsKey("CommandRejected RaiseDeadlineWarning")) {
                // sla-timer warned in time, but the warning reached the complaint after it had been acknowledged,
                // and the complaint refused it (recorded as CommandRejected): fired, and rightly not raised
                verdict.counted.merge("warnings sent and refused by the complaint: acknowledged before they arrived", 1,
                        Integer::sum);
                verdict.deadlinesDue++;
                verdict.deadlinesHandledOtherwise++;
            } else if (!warned && escalations.containsKey("acknowledge#1@" + ackDue)
                    && fault.outage().filter(o -> o.covers(warnAt, GRACE)).isPresent()) {
                // the warning fell due while the broker, the database or the disk was away (or within the grace
                // of its return): its timer could only fire after the deadline, and ClockKeeper then sends no
                // warning - the escalation, which did fire, says more. Counted, not hidden.
                verdict.counted.merge("warnings not sent: due during the " + fault.name() + " outage, escalated instead",
                        1, Integer::sum);
                verdict.deadlinesDue++;
                verdict.deadlinesHandledOtherwise++;
            } else if (!warned && deadlinesSetAt != null && !deadlinesSetAt.isBefore(warnAt)
                    && escalations.containsKey("acknowledge#1@" + ackDue)) {
                // sla-timer first kept this clock after its warning time (its instance was down; the partition
                // moved to the other one): ClockKeeper then sends no warning that would arrive at or after the
                // deadline - the escalation, which did fire, says more. Counted, not hidden.
                verdict.counted.merge("warnings not sent: clock set after its warning time, escalated instead", 1,
                        Integer::sum);
                verdict.deadlinesDue++;
                verdict.deadlinesHandledOtherwise++;
            } else {
                expect(verdict, warnedTimes, warnAt, until, now, "warning (sla-timer)", id);
            }
            for (Map.Entry<Integer, Duration> rung : ESCALATION_AFTER_DUE.entrySet()) {
                expect(verdict, escalations.getOrDefault("acknowledge#" + rung.getKey() + "@" + ackDue, 0),
                        ackDue.plus(rung.getValue()), until, now, "escalation level " + rung.getKey() + " (sla-timer)", id);
            }
        }
    }

    /**
     * Something due at {@code dueAt} must have happened if it fell due before {@code until} by more than the grace;
     * {@code times} is how often it happened (more than once is also counted as duplicated by the caller).
     */
    static void expect(Verdict verdict, int times, Instant dueAt, Instant until, Instant now, String what, String id) {
        if (times > 0) {
            verdict.deadlineFired(times);
            return;
        }
        if (!dueAt.plus(Duration.ofSeconds(2)).isBefore(until)) {
            return; // the clock was met well before it fell due (a race within 2 s may go either way)
        }
        if (now.isBefore(dueAt.plus(GRACE))) {
            verdict.pending(what + " of " + id + " due at " + dueAt);
        } else {
            verdict.deadlinesDue++;
            verdict.deadlinesMissed++;
            verdict.add(verdict.missed, what + " due and not raised", id + " due " + dueAt);
        }
    }

    private static void once(Verdict verdict, Map<String, Integer> byType, String type, String id, String service) {
        int n = byType.getOrDefault(type, 0);
        if (n == 1) {
            verdict.counted.merge(type + " once (" + service + ")", 1, Integer::sum);
        } else if (n == 0) {
            verdict.pending(type + " of " + id);
            verdict.add(verdict.lost, type + " missing (" + service + ")", id);
        } else {
            verdict.add(verdict.duplicated, type + " " + n + " times (" + service + ")", id);
        }
    }

    private void checkClocks(Verdict verdict, Filed complaint, JsonNode clocks) {
        JsonNode list = clocks.isArray() ? clocks : clocks.path("clocks");
        Map<String, Integer> byClock = new HashMap<>();
        for (JsonNode clock : list) {
            byClock.merge(clock.path("clockId").asText() + "#" + clock.path("generation").asText(""), 1, Integer::sum);
        }
        if (byClock.isEmpty()) {
            verdict.pending("clocks of " + complaint.complaintId + " in sla-timer");
            verdict.mismatch(verdict.lost, "no clocks in sla-timer", complaint.complaintId);
            return;
        }
        verdict.counted.merge("complaints with their clocks (sla-timer)", 1, Integer::sum);
        byClock.forEach((clock, n) -> {
            if (n > 1) {
                verdict.mismatch(verdict.duplicated, "a clock kept twice (sla-timer)", complaint.complaintId + " " + clock);
            }
        });
    }

    private void checkResult(Verdict verdict, Filed complaint, JsonNode feedback) {
        if (feedback.isNull() || feedback.isMissingNode()) {
            verdict.pending("feedback of " + complaint.complaintId);
            verdict.mismatch(verdict.lost, "no feedback record (feedback)", complaint.complaintId);
            return;
        }
        verdict.counted.merge("resolved complaints with their feedback record (feedback)", 1, Integer::sum);
        JsonNode mails = feedback.path("mails");
        if (mails.isArray()) {
            long results = 0;
            for (JsonNode mail : mails) {
                if (mail.path("kind").asText("").toLowerCase(Locale.ROOT).contains("result")) {
                    results++;
                }
            }
            if (results > 1) {
                verdict.mismatch(verdict.duplicated, "result mail written twice (feedback)", complaint.complaintId);
            }
        }
    }

    /**
     * Every mail feedback's outbox holds for the complaint (sent, or pending while the mail server is slow or away)
     * must be at the mail server exactly once: found by its Message-ID, {@code <mail id@feedback.closed-loop>}.
     */
    private void checkMails(Verdict verdict, Filed complaint, JsonNode outbox) {
        if (!outbox.isArray()) {
            verdict.pending("feedback's outbox for " + complaint.complaintId);
            return;
        }
        Map<String, Integer> delivered;
        try {
            delivered = mailServer.messageIds(customerAddress(complaint.number));
        } catch (IOException e) {
            verdict.pending("the mailbox of " + customerAddress(complaint.number) + ": " + e.getMessage());
            return;
        }
        for (JsonNode mail : outbox) {
            String status = mail.path("status").asText();
            if (status.equals("cancelled")) {
                continue;
            }
            int copies = delivered.getOrDefault("<" + mail.path("mailId").asText() + "@feedback.closed-loop>", 0);
            if (copies == 0 && status.equals("pending")) { // not yet handed to the mail server: it may be slow
                verdict.pending(mail.path("kind").asText() + " mail of " + complaint.complaintId + " still in the outbox");
                continue;
            }
            verdict.mailDelivered(copies);
            if (copies == 0) {
                verdict.mailsMissed++;
                verdict.add(verdict.lost, "mail marked sent and not at the mail server (feedback)",
                        complaint.complaintId + " " + mail.path("mailId").asText());
            } else if (copies > 1) {
                verdict.add(verdict.duplicated, "mail delivered " + copies + " times (feedback)",
                        complaint.complaintId + " " + mail.path("mailId").asText());
            }
        }
    }

    String customerAddress(int number) {
        return "customer" + number + "@" + run + ".example";
    }

    /** Every complaint of this run as analytics lists it. */
    private List<JsonNode> analyticsRows() throws IOException {
        Replicas analytics = replicas.get("analytics-service");
        List<JsonNode> rows = new ArrayList<>();
        int offset = 0;
        while (true) {
            HttpResponse<String> response = analytics.get("/api/v1/reports/complaints?product=" + enc(run)
                    + "&limit=500&offset=" + offset);
            if (response.statusCode() != 200) {
                throw new IOException("analytics: HTTP " + response.statusCode() + " " + response.body());
            }
            JsonNode page = JSON.readTree(response.body());
            JsonNode items = page.isArray() ? page : page.path("complaints");
            items.forEach(rows::add);
            if (items.size() < 500) {
                return rows;
            }
            offset += items.size();
        }
    }

    private void checkAnalytics(Verdict verdict, Set<String> ids, List<JsonNode> items) {
        List<String> listed = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.path("complaintId").asText();
            listed.add(id);
            // analytics counts each complaint's escalations: a fold done twice would count one twice
            Integer onStream = verdict.escalationsOnStream.get(id);
            int counted = item.path("escalations").asInt();
            if (onStream != null && counted > onStream) {
                verdict.mismatch(verdict.duplicated, "escalations counted twice (analytics)", id + ": " + counted
                        + " counted, " + onStream + " on the stream");
            } else if (onStream != null && counted < onStream) {
                verdict.pending("analytics has counted " + counted + " of " + onStream + " escalations of " + id);
                verdict.mismatch(verdict.lost, "escalations not counted (analytics)", id);
            } else if (onStream != null) {
                verdict.counted.merge("complaints whose escalations analytics counts exactly (analytics)", 1, Integer::sum);
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        listed.forEach(id -> seen.merge(id, 1, Integer::sum));
        verdict.counted.put("complaints counted by analytics", seen.size());
        seen.forEach((id, n) -> {
            if (n > 1) {
                verdict.mismatch(verdict.duplicated, "a complaint counted twice (analytics)", id);
            }
            if (!ids.contains(id)) {
                verdict.mismatch(verdict.duplicated, "a complaint analytics counts that was never accepted", id);
            }
        });
        for (String id : ids) {
            if (!seen.containsKey(id)) {
                verdict.pending("analytics has not counted " + id);
                verdict.mismatch(verdict.lost, "not counted by analytics", id);
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
