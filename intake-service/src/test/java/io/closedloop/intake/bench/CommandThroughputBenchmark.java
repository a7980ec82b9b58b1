package io.closedloop.intake.bench;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.NoteProgressCommand;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.LocalPostgres;
import io.closedloop.deploy.SharedTestInfrastructure;
import io.closedloop.intake.IntakeServiceApplication;
import io.closedloop.intake.privacy.TestMasterKeys;
import io.closedloop.intake.complaint.ComplaintIds;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * How many commands a second one intake-service instance applies from {@code complaint.commands.v1} (issue 9).
 * Starts a real broker (the shared test infrastructure) and a PostgreSQL of its own, durable by default (fsync and
 * synchronous commit on, as the one-command platform runs it), starts intake-service in this JVM, files
 * {@code --complaints} complaints through {@code complaint.intake.v1}, stops the command consumer, publishes
 * {@code --commands-per-complaint} commands per complaint (one assignment, then progress notes), starts the consumer
 * again and times it from then until every command is recorded in {@code processed_command}.
 *
 * <p>{@code --stored N} first grows the store as N older complaints would have (issue 9's growth figure): N
 * complaints of {@code --stored-events} events each in the event store and their commands in
 * {@code processed_command}, bulk-inserted by SQL from a real event (a million through intake would take days
 * here) below the relay's position so that it does not publish them, and the tables analysed as autovacuum would. The complaints measured are filed after them, as new complaints are.
 *
 * <pre>
 * ./mvnw -q -pl intake-service -am install -DskipTests
 * ./mvnw -q -pl intake-service exec:exec -Pbenchmark \
 *     -Dbench.args="--complaints 500 --commands-per-complaint 6 --durable true --stored 1000000"
 * </pre>
 */
public final class CommandThroughputBenchmark {

    private static final Actor ROUTING = Actor.service("routing-service", "routing-rules@1");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int complaints = Integer.parseInt(options.getOrDefault("complaints", "500"));
        int perComplaint = Integer.parseInt(options.getOrDefault("commands-per-complaint", "6"));
        boolean durable = Boolean.parseBoolean(options.getOrDefault("durable", "true"));
        long stored = Long.parseLong(options.getOrDefault("stored", "0"));
        int storedEvents = Integer.parseInt(options.getOrDefault("stored-events", "6"));
        String run = "intakebench" + System.currentTimeMillis();

        SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
        Path data = Files.createTempDirectory("intake-bench-pg");
        LocalPostgres postgres = LocalPostgres.start(data, 0, durable);
        postgres.createDatabaseIfMissing(run);

        List<String> arguments = new ArrayList<>();
        arguments.add("--spring.kafka.bootstrap-servers=" + infrastructure.kafka().bootstrapServers());
        arguments.add("--spring.datasource.url=" + postgres.jdbcUrl(run));
        arguments.add("--spring.datasource.username=" + postgres.username());
        arguments.add("--spring.datasource.password=" + postgres.password());
        arguments.add("--server.port=0");
        arguments.add("--" + TestMasterKeys.PROPERTY + "=" + TestMasterKeys.file());
        arguments.add("--logging.level.root=WARN");
        ConfigurableApplicationContext service = new SpringApplicationBuilder(IntakeServiceApplication.class)
                .run(arguments.toArray(String[]::new));
        JdbcClient jdbc = service.getBean(JdbcClient.class);
        MessageListenerContainer commandConsumer = Objects.requireNonNull(
                service.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("command-topic"));

        List<String> ids = new ArrayList<>();
        try (var producer = producer(infrastructure)) {
            if (stored > 0) {
                grow(service, producer, run, stored, storedEvents);
            }
            for (int i = 0; i < complaints; i++) {
                String messageId = run + "-" + i;
                ids.add(ComplaintIds.forChannelMessage(Channel.WEB, messageId));
                producer.send(new ProducerRecord<>(Topic.COMPLAINT_INTAKE.topicName(), "web:" + messageId,
                        complaintJson(messageId).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            String[] filing = ids.toArray(String[]::new);
            waitFor(() -> jdbc.sql("SELECT count(DISTINCT aggregateidentifier) FROM domainevententry"
                            + " WHERE aggregateidentifier = any(?)").param(filing)
                    .query(Long.class).single() >= complaints, "complaints filed");
            System.out.printf(Locale.ROOT, "filed %d complaints; publishing %d commands with the consumer stopped%n",
                    complaints, complaints * perComplaint);

            commandConsumer.stop();
            for (int round = 0; round < perComplaint; round++) {
                for (String id : ids) {
                    ComplaintCommand command = round == 0
                            ? new AssignDepartmentCommand(UUID.randomUUID().toString(), id, "logistics", "normal",
                                    "category logistics", "routing-rules@1", ROUTING)
                            : new NoteProgressCommand(UUID.randomUUID().toString(), id, "step " + round + " / 第"
                                    + round + "步", Actor.user("agent-7"));
                    producer.send(new ProducerRecord<>(Topic.COMPLAINT_COMMANDS.topicName(), id,
                            ContractJson.mapper().writerFor(ComplaintCommand.class).writeValueAsBytes(command)));
                }
            }
            producer.flush();
        }

        long total = (long) complaints * perComplaint;
        String[] measured = ids.toArray(String[]::new);
        long start = System.nanoTime();
        commandConsumer.start();
        waitFor(() -> jdbc.sql("SELECT count(*) FROM processed_command WHERE complaint_id = any(?)").param(measured)
                .query(Long.class).single() >= total, "commands applied");
        double seconds = (System.nanoTime() - start) / 1e9;
        long accepted = jdbc.sql("SELECT count(*) FROM processed_command WHERE accepted AND complaint_id = any(?)")
                .param(measured).query(Long.class).single();
        // The figure above includes the consumer's start and its group join (seconds with several consumers); the
        // span of the events the commands caused measures the applying alone.
        List<Instant> applied = jdbc.sql("SELECT timestamp FROM domainevententry WHERE sequencenumber > 0"
                        + " AND aggregateidentifier = any(?)").param(measured)
                .query((rs, n) -> Instant.parse(rs.getString(1))).list();
        long storedEventsNow = jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
        double appliedSeconds = Duration.between(applied.stream().min(Instant::compareTo).orElseThrow(),
                applied.stream().max(Instant::compareTo).orElseThrow()).toNanos() / 1e9;
        service.close();
        postgres.close();

        System.out.printf(Locale.ROOT, "stored before the run: %,d complaints (%,d events in the store at the end)%n",
                stored, storedEventsNow);
        System.out.printf(Locale.ROOT, "PostgreSQL %s; %d commands on %d complaints applied in %.1f s: "
                        + "%.0f commands/s (%d accepted)%n", durable ? "durable (fsync on)" : "fsync off", total,
                complaints, seconds, total / seconds, accepted);
        System.out.printf(Locale.ROOT, "from the first event a command caused to the last: %.1f s, %.0f commands/s%n",
                appliedSeconds, total / appliedSeconds);
        System.exit(accepted == total ? 0 : 1);
    }

    /**
     * Grows the store by {@code stored} complaints of {@code events} events each, copied from one real complaint's
     * first event, and their commands in {@code processed_command}. The stored events take global indexes below
     * zero: they are in every index of the table as older events are, and the relay, which reads forward from its
     * position, never publishes them (holding the relay and moving its token instead hung for minutes on Axon's
     * token claims, not looked into further).
     */
    private static void grow(ConfigurableApplicationContext service, KafkaProducer<String, byte[]> producer,
                             String run, long stored, int events) {
        JdbcClient jdbc = service.getBean(JdbcClient.class);
        String template = ComplaintIds.forChannelMessage(Channel.WEB, run + "-template");
        producer.send(new ProducerRecord<>(Topic.COMPLAINT_INTAKE.topicName(), "web:" + run + "-template",
                complaintJson(run + "-template").getBytes(StandardCharsets.UTF_8)));
        producer.flush();
        waitFor(() -> jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")
                .param(template).query(Long.class).single() > 0, "the template complaint filed");
        long started = System.nanoTime();
        long batch = 100_000;
        for (long from = 0; from < stored; from += batch) {
            long to = Math.min(stored, from + batch);
            jdbc.sql("""
                    INSERT INTO domainevententry (globalindex, aggregateidentifier, sequencenumber, type,
                                                 eventidentifier, metadata, payload, payloadrevision, payloadtype,
                                                 timestamp)
                    SELECT -(c * ? + s) - 1, 'stored-' || c, s, t.type, gen_random_uuid()::text, t.metadata,
                           t.payload, t.payloadrevision, t.payloadtype, t.timestamp
                    FROM domainevententry t, generate_series(?::bigint, ?::bigint) c, generate_series(0, ?) s
                    WHERE t.aggregateidentifier = ? AND t.sequencenumber = 0""")
                    .params(events, from, to - 1, events - 1, template).update();
            jdbc.sql("""
                    INSERT INTO processed_command (complaint_id, command_id, command_type, accepted)
                    SELECT 'stored-' || c, gen_random_uuid()::text, 'NoteProgress', true
                    FROM generate_series(?::bigint, ?::bigint) c, generate_series(1, ?) s""")
                    .params(from, to - 1, Math.max(1, events - 1)).update();
            System.out.printf(Locale.ROOT, "  stored %,d of %,d complaints (%.0f s)%n", to, stored,
                    (System.nanoTime() - started) / 1e9);
        }
        jdbc.sql("ANALYZE domainevententry").update();
        jdbc.sql("ANALYZE processed_command").update();
        System.out.printf(Locale.ROOT, "grew the store by %,d complaints of %d events in %.0f s%n", stored, events,
                (System.nanoTime() - started) / 1e9);
    }

    private static void waitFor(java.util.function.BooleanSupplier done, String what) {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(10));
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static KafkaProducer<String, byte[]> producer(SharedTestInfrastructure infrastructure) {
        return new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static String complaintJson(String messageId) {
        return """
                {"channel": "web", "channelMessageId": "%s", "receivedAt": "%s",
                 "complainant": {"name": "李雷", "phone": "+86 138 1234 5678"},
                 "subject": "物流延误 / late delivery",
                 "text": "订单 A-100 已经十天没有发货。Order A-100 has not shipped for ten days."}
                """.formatted(messageId, Instant.now().minusSeconds(60));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
