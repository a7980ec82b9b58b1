package io.closedloop.sla.bench;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.SharedTestInfrastructure;
import io.closedloop.sla.DocumentJson;
import io.closedloop.sla.SlaTimerServiceApplication;
import io.closedloop.sla.policy.ClockPolicy;
import io.closedloop.sla.policy.PolicyStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

/**
 * How late do deadlines fire when many fall due together? Starts a real broker and PostgreSQL (the shared test
 * infrastructure) and sla-timer-service in this JVM (or two instances on one database), publishes {@code --clocks}
 * new complaints at an even rate over {@code --spread} seconds, each with one clock due {@code --due-in} seconds
 * after it was received, and reads every {@code RaiseEscalation} back from {@code complaint.commands.v1}.
 * Lateness is the broker's timestamp on the escalation's record minus the clock's due time: it includes the
 * timer's polling, the decision, the database commit and the send.
 *
 * <pre>
 * ./mvnw -q -pl sla-timer-service -am install -DskipTests
 * ./mvnw -q -pl sla-timer-service exec:exec -Pbenchmark -Dbench.args="--clocks 5000 --spread 20 --due-in 30"
 * </pre>
 */
public final class TimerLatenessBenchmark {

    private static final String CLOCK = "bench";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int clocks = Integer.parseInt(options.getOrDefault("clocks", "2000"));
        int spreadSeconds = Integer.parseInt(options.getOrDefault("spread", "10"));
        int dueIn = Integer.parseInt(options.getOrDefault("due-in", "30"));
        int instances = Integer.parseInt(options.getOrDefault("instances", "1"));
        String run = "bench" + System.currentTimeMillis();

        SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
        infrastructure.kafkaClient().createTopic(Topic.COMPLAINT_EVENTS.topicName(), 6);
        infrastructure.kafkaClient().createTopic(Topic.COMPLAINT_COMMANDS.topicName(), 6);
        List<String> arguments = new ArrayList<>();
        infrastructure.springProperties(run).forEach((k, v) -> arguments.add("--" + k + "=" + v));
        arguments.add("--spring.application.name=" + run);
        arguments.add("--server.port=0");
        arguments.add("--logging.level.root=WARN");

        List<ConfigurableApplicationContext> services = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            services.add(new SpringApplicationBuilder(SlaTimerServiceApplication.class)
                    .run(arguments.toArray(String[]::new)));
        }
        services.get(0).getBean(PolicyStore.class).activate(DocumentJson.read("""
                {"name": "bench-clocks", "calendar": "cn-mainland", "clocks": [
                  {"clockId": "bench", "description": "benchmark clock", "startOn": ["ComplaintReceived"],
                   "satisfiedBy": "ComplaintAcknowledged", "target": {"elapsed": "PT%dS"},
                   "escalation": [{"level": 1, "after": "PT0S", "escalateTo": "team-lead"}]}]}
                """.formatted(dueIn), ClockPolicy.class), Instant.now(), Instant.now(), "benchmark", run);

        System.out.printf(Locale.ROOT, "publishing %d complaints over %d s, each clock due %d s after receipt, "
                + "%d instance(s)%n", clocks, spreadSeconds, dueIn, instances);
        Map<String, Instant> dueAt = new ConcurrentHashMap<>();
        Instant start = Instant.now();
        var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 2),
                new StringSerializer(), new ByteArraySerializer());
        // arrivals paced by a scheduler at a fixed rate: one complaint every spread/clocks, however long a send takes
        CountDownLatch published = new CountDownLatch(clocks);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = Math.max(1, spreadSeconds * 1_000_000L / clocks);
        pacer.scheduleAtFixedRate(() -> {
            if (published.getCount() == 0) {
                return;
            }
            String complaintId = "C-" + UUID.randomUUID();
            Instant receivedAt = Instant.now();
            dueAt.put(complaintId, receivedAt.plusSeconds(dueIn));
            producer.send(new ProducerRecord<>(Topic.COMPLAINT_EVENTS.topicName(), complaintId,
                    ComplaintEventFixtures.json(received(complaintId, receivedAt))));
            published.countDown();
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        try {
            if (!published.await(spreadSeconds + 60L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (clocks - published.getCount()) + " of " + clocks
                        + " complaints were published in time");
            }
        } finally {
            pacer.shutdownNow();
        }
        producer.close();
        System.out.printf(Locale.ROOT, "published in %.1f s; waiting for the escalations%n",
                Duration.between(start, Instant.now()).toMillis() / 1000.0);

        List<Long> lateness = new ArrayList<>();
        List<Long> setLatency = new ArrayList<>();
        int escalations = 0;
        Map<String, Integer> perComplaint = new HashMap<>();
        Instant giveUp = Instant.now().plusSeconds(dueIn + spreadSeconds + 300L);
        try (var consumer = consumer(infrastructure)) {
            consumer.subscribe(List.of(Topic.COMPLAINT_COMMANDS.topicName()));
            while (lateness.size() < clocks && Instant.now().isBefore(giveUp)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Instant due = dueAt.get(record.key());
                    if (due == null) {
                        continue;
                    }
                    ComplaintCommand command = ContractJson.mapper().readValue(record.value(), ComplaintCommand.class);
                    if (command instanceof RaiseEscalationCommand e && CLOCK.equals(e.clockId())) {
                        escalations++;
                        if (perComplaint.merge(record.key(), 1, Integer::sum) == 1) {
                            lateness.add(record.timestamp() - due.toEpochMilli());
                        }
                    } else if (command instanceof SetDeadlinesCommand) {
                        setLatency.add(record.timestamp() - due.minusSeconds(dueIn).toEpochMilli());
                    }
                }
            }
        }
        services.forEach(ConfigurableApplicationContext::close);

        System.out.printf(Locale.ROOT, "clocks started (SetDeadlines sent after receipt), ms: %s%n",
                summary(setLatency));
        System.out.printf(Locale.ROOT, "escalations: %d for %d of %d clocks (duplicates: %d)%n", escalations,
                lateness.size(), clocks, escalations - lateness.size());
        System.out.printf(Locale.ROOT, "lateness after the due time, ms: %s%n", summary(lateness));
        System.exit(lateness.size() == clocks ? 0 : 1);
    }

    private static String summary(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "n=%d min=%d p50=%d p95=%d p99=%d max=%d", sorted.size(), sorted.get(0),
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static KafkaConsumer<String, byte[]> consumer(SharedTestInfrastructure infrastructure) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static ComplaintEventEnvelope received(String complaintId, Instant receivedAt) {
        var event = new ComplaintReceivedEvent(complaintId, Channel.WEB, "bench-" + complaintId, receivedAt,
                new Complainant("李伟", null, "li.wei@example.com", null), "benchmark", "包裹晚到了两周。",
                InfoType.COMPLAINT, null, null, null, List.of(), null, null, null, Actor.customer(Channel.WEB, "bench"));
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(
                ComplaintReceivedEvent.class), "1", complaintId, 0, receivedAt, UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), event);
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
