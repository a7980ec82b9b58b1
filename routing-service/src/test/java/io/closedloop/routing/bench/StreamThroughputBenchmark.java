package io.closedloop.routing.bench;

import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.SharedTestInfrastructure;
import io.closedloop.routing.RoutingServiceApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How many complaints a second one routing-service instance routes (issue 9). Starts a real broker and PostgreSQL
 * (the shared test infrastructure), puts {@code --complaints} ComplaintReceived events on
 * {@code complaint.events.v1} first, then starts routing-service in this JVM on a database of its own and reads
 * every {@code AssignDepartment} back from {@code complaint.commands.v1}. The rate is taken between the broker's
 * timestamps on the first and the last assignment, so the service's start-up is not in it.
 *
 * <pre>
 * ./mvnw -q -pl routing-service -am install -DskipTests
 * ./mvnw -q -pl routing-service exec:exec -Pbenchmark -Dbench.main=io.closedloop.routing.bench.StreamThroughputBenchmark \
 *     -Dbench.args="--complaints 2000"
 * </pre>
 */
public final class StreamThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int complaints = Integer.parseInt(options.getOrDefault("complaints", "2000"));
        String run = "routingbench" + System.currentTimeMillis();

        SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
        infrastructure.kafkaClient().createTopic(Topic.COMPLAINT_EVENTS.topicName(), 6);
        infrastructure.kafkaClient().createTopic(Topic.COMPLAINT_COMMANDS.topicName(), 6);

        Set<String> ids = new HashSet<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < complaints; i++) {
                String complaintId = "C-" + UUID.randomUUID();
                ids.add(complaintId);
                ComplaintEventEnvelope event = ComplaintEventFixtures.complaintReceived(complaintId, Instant.now());
                producer.send(new ProducerRecord<>(Topic.COMPLAINT_EVENTS.topicName(), complaintId,
                        ComplaintEventFixtures.json(event)));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "published %d ComplaintReceived; starting routing-service%n", complaints);

        List<String> arguments = new ArrayList<>();
        infrastructure.springProperties(run).forEach((k, v) -> arguments.add("--" + k + "=" + v));
        arguments.add("--spring.application.name=" + run);
        arguments.add("--server.port=0");
        arguments.add("--logging.level.root=WARN");
        Instant starting = Instant.now();
        ConfigurableApplicationContext service = new SpringApplicationBuilder(RoutingServiceApplication.class)
                .run(arguments.toArray(String[]::new));
        Instant started = Instant.now();

        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Set<String> assigned = new HashSet<>();
        Instant giveUp = Instant.now().plusSeconds(600);
        try (var consumer = consumer(infrastructure)) {
            consumer.subscribe(List.of(Topic.COMPLAINT_COMMANDS.topicName()));
            while (assigned.size() < complaints && Instant.now().isBefore(giveUp)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!ids.contains(record.key())) {
                        continue;
                    }
                    ComplaintCommand command = ContractJson.mapper().readValue(record.value(), ComplaintCommand.class);
                    if (command instanceof AssignDepartmentCommand && assigned.add(record.key())) {
                        first = Math.min(first, record.timestamp());
                        last = Math.max(last, record.timestamp());
                    }
                }
            }
        }
        service.close();

        double seconds = Math.max(1, last - first) / 1000.0;
        System.out.printf(Locale.ROOT, "start-up %.1f s; %d of %d complaints assigned; first to last assignment "
                        + "%.1f s: %.0f complaints/s%n", Duration.between(starting, started).toMillis() / 1000.0,
                assigned.size(), complaints, seconds, (assigned.size() - 1) / seconds);
        System.exit(assigned.size() == complaints ? 0 : 1);
    }

    private static KafkaConsumer<String, byte[]> consumer(SharedTestInfrastructure infrastructure) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
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
