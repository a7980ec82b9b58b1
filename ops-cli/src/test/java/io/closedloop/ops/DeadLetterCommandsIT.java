package io.closedloop.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.deploy.SharedTestInfrastructure;
import io.closedloop.ops.deadletter.RedriveLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter commands against a real broker, with dead letters written by spring-kafka's own
 * {@code DeadLetterPublishingRecoverer}, configured as the services configure it (the original topic plus
 * {@code .dlt}, partition chosen by key).
 */
class DeadLetterCommandsIT {

    private static final String INTAKE = "complaint.intake.v1";
    private static final String COMMANDS = "complaint.commands.v1";
    private static final String EVENTS = "complaint.events.v1";
    private static final String ROUTING_DLT = "complaint.events.v1.routing-service.dlt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String bootstrap;
    private static KafkaTestClient kafka;
    private static KafkaTemplate<byte[], byte[]> template;

    @BeforeAll
    static void broker() {
        bootstrap = SharedTestInfrastructure.get().kafka().bootstrapServers();
        kafka = SharedTestInfrastructure.get().kafkaClient();
        for (String topic : List.of(INTAKE, INTAKE + ".dlt", COMMANDS, COMMANDS + ".dlt", EVENTS, ROUTING_DLT,
                "complaint.events.v1.analytics-service.dlt")) {
            kafka.createTopic(topic, 3);
        }
        template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    @Test
    void listsAndShowsADeadLetterWithWhereItCameFromWhyItFailedAndItsPayload() throws Exception {
        String key = "web:msg-" + UUID.randomUUID();
        String value = "{\"channel\":\"web\",\"text\":\"刹车异响\"}";
        RecordMetadata original = kafka.send(INTAKE, key, value.getBytes(StandardCharsets.UTF_8),
                Map.of("adapter", "web-form", "correlationId", "corr-1"));
        ConsumerRecord<byte[], byte[]> dead = deadLetter(original, "intake-service",
                new IllegalArgumentException("complainant: needs a phone, an email or a customerId"));

        OpsCli.Run list = OpsCli.run(OpsCli.with(bootstrap, "dlt", "list", "--topic", INTAKE + ".dlt"));
        OpsCli.Run show = OpsCli.run(OpsCli.with(bootstrap, "dlt", "show", INTAKE + ".dlt",
                String.valueOf(dead.partition()), String.valueOf(dead.offset()), "--format", "json"));

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains(INTAKE + ".dlt-" + dead.partition() + "@" + dead.offset(), "key=" + key,
                "from " + INTAKE + "-" + original.partition() + "@" + original.offset(), "IllegalArgumentException",
                "complainant: needs a phone");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        JsonNode view = JSON.readTree(show.out());
        assertThat(view.path("key").asText()).isEqualTo(key);
        assertThat(view.path("originalTopic").asText()).isEqualTo(INTAKE);
        assertThat(view.path("originalPartition").asInt()).isEqualTo(original.partition());
        assertThat(view.path("originalOffset").asLong()).isEqualTo(original.offset());
        assertThat(view.path("consumerGroup").asText()).isEqualTo("intake-service");
        assertThat(view.path("exceptionClass").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(view.path("exceptionMessage").asText()).contains("complainant: needs a phone");
        assertThat(view.path("reason").asText()).as("without the wrapper").isEqualTo(
                "complainant: needs a phone, an email or a customerId");
        assertThat(view.path("payload").asText()).isEqualTo(value);
        assertThat(view.path("headers").path("adapter").asText()).isEqualTo("web-form");
        assertThat(view.path("headers").has("kafka_dlt-original-topic")).isFalse();
        assertThat(view.path("stackTrace").asText()).contains("IllegalArgumentException");
    }

    @Test
    void showsAPayloadThatIsNotUtf8AsBase64() throws Exception {
        byte[] notUtf8 = {(byte) 0xff, 0x00, (byte) 0xfe};
        RecordMetadata original = kafka.send(INTAKE, "web:bad-" + UUID.randomUUID(), notUtf8);
        ConsumerRecord<byte[], byte[]> dead = deadLetter(original, "intake-service",
                new IllegalArgumentException("not UTF-8"));

        OpsCli.Run show = OpsCli.run(OpsCli.with(bootstrap, "dlt", "show", INTAKE + ".dlt",
                String.valueOf(dead.partition()), String.valueOf(dead.offset()), "--format", "json"));

        assertThat(show.exitCode()).as(show.toString()).isZero();
        JsonNode view = JSON.readTree(show.out());
        assertThat(view.has("payload")).as("no text form").isFalse();
        assertThat(view.path("payloadBase64").asText()).isEqualTo("/wD+");
    }

    @Test
    void redrivesAnIntakeDeadLetterOnceToItsTopicWithItsKeyAndHeadersAndRefusesASecondTime() {
        String key = "web:msg-" + UUID.randomUUID();
        byte[] value = "{\"channel\":\"web\",\"channelMessageId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8);
        RecordMetadata original = kafka.send(INTAKE, key, value, Map.of("adapter", "web-form", "correlationId", "corr-7"));
        ConsumerRecord<byte[], byte[]> dead = deadLetter(original, "intake-service",
                new IllegalStateException("the database was away"));
        String deadLetter = INTAKE + ".dlt-" + dead.partition() + "@" + dead.offset();

        OpsCli.Run first = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", INTAKE + ".dlt",
                String.valueOf(dead.partition()), String.valueOf(dead.offset())));
        OpsCli.Run second = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", INTAKE + ".dlt",
                String.valueOf(dead.partition()), String.valueOf(dead.offset())));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains(deadLetter + ": re-driven to " + INTAKE + "-" + original.partition() + "@");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
        assertThat(second.out()).contains(deadLetter + ": re-driven already");

        List<ConsumerRecord<byte[], byte[]>> withKey = withKey(OpsCli.readAll(bootstrap, INTAKE), key);
        assertThat(withKey).as("the original record and exactly one copy").hasSize(2);
        ConsumerRecord<byte[], byte[]> copy = withKey.get(1);
        assertThat(copy.partition()).as("partitioned by key, like the original").isEqualTo(original.partition());
        assertThat(copy.value()).isEqualTo(value);
        assertThat(header(copy, "adapter")).isEqualTo("web-form");
        assertThat(header(copy, "correlationId")).isEqualTo("corr-7");
        assertThat(header(copy, "closedloop-redriven-from")).isEqualTo(deadLetter);
        assertThat(copy.headers().toArray()).noneMatch(h -> h.key().startsWith("kafka_dlt-"));

        assertThat(OpsCli.readAll(bootstrap, RedriveLog.TOPIC))
                .filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8).equals(deadLetter))
                .as("one mark, written with the copy").hasSize(1);
    }

    @Test
    void aRedriveThatACrashedRunLeftOpenIsAbortedAndTheDeadLetterRedrivenOnce() throws Exception {
        String key = "web:msg-" + UUID.randomUUID();
        byte[] value = "{\"channel\":\"web\"}".getBytes(StandardCharsets.UTF_8);
        RecordMetadata original = kafka.send(INTAKE, key, value);
        ConsumerRecord<byte[], byte[]> dead = deadLetter(original, "intake-service", new IllegalArgumentException("x"));
        String deadLetter = INTAKE + ".dlt-" + dead.partition() + "@" + dead.offset();
        String transactionalId = "ops-redrive-test-" + UUID.randomUUID();
        SharedTestInfrastructure.get().kafkaClient().createTopic(RedriveLog.TOPIC, 1);
        // an earlier run with the same transactional id wrote the copy and its mark, then died before committing
        try (var crashed = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            crashed.initTransactions();
            crashed.beginTransaction();
            crashed.send(new org.apache.kafka.clients.producer.ProducerRecord<>(INTAKE, key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
            crashed.send(new org.apache.kafka.clients.producer.ProducerRecord<>(RedriveLog.TOPIC,
                    deadLetter.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8))).get();

            OpsCli.Run run = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", INTAKE + ".dlt",
                    String.valueOf(dead.partition()), String.valueOf(dead.offset()), "--transactional-id", transactionalId));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains(deadLetter + ": re-driven to");
        }
        assertThat(withKey(OpsCli.readAll(bootstrap, INTAKE), key)).as("the original and one copy, not the aborted one")
                .hasSize(2)
                .last().satisfies(copy -> assertThat(header(copy, "closedloop-redriven-from")).isEqualTo(deadLetter));
    }

    @Test
    void redrivesEveryCommandDeadLetterNotRedrivenBeforeAndADryRunChangesNothing() {
        String complaint = "C-" + UUID.randomUUID();
        RecordMetadata a = kafka.send(COMMANDS, complaint, "{\"type\":\"AssignDepartment\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
        RecordMetadata b = kafka.send(COMMANDS, complaint, "{\"type\":\"AssignDepartment\",\"n\":2}".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> deadA = deadLetter(a, "intake-service", new IllegalArgumentException("a"));
        ConsumerRecord<byte[], byte[]> deadB = deadLetter(b, "intake-service", new IllegalArgumentException("b"));
        OpsCli.Run one = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", COMMANDS + ".dlt",
                String.valueOf(deadA.partition()), String.valueOf(deadA.offset())));

        OpsCli.Run dryRun = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", COMMANDS + ".dlt", "--all", "--dry-run"));
        int afterDryRun = withKey(OpsCli.readAll(bootstrap, COMMANDS), complaint).size();
        OpsCli.Run all = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", COMMANDS + ".dlt", "--all"));

        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains(COMMANDS + ".dlt-" + deadB.partition() + "@" + deadB.offset() + ": would go back");
        assertThat(afterDryRun).as("the two originals and the one copy re-driven before").isEqualTo(3);
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains(COMMANDS + ".dlt-" + deadA.partition() + "@" + deadA.offset() + ": re-driven already",
                COMMANDS + ".dlt-" + deadB.partition() + "@" + deadB.offset() + ": re-driven to");
        List<ConsumerRecord<byte[], byte[]>> withKey = withKey(OpsCli.readAll(bootstrap, COMMANDS), complaint);
        assertThat(withKey).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .as("each command once more, in the order they were re-driven")
                .containsExactly("{\"type\":\"AssignDepartment\",\"n\":1}", "{\"type\":\"AssignDepartment\",\"n\":2}",
                        "{\"type\":\"AssignDepartment\",\"n\":1}", "{\"type\":\"AssignDepartment\",\"n\":2}");
    }

    @Test
    void redrivingARoutingDeadLetterReleasesItsParkedComplaintThroughRoutingsApi() throws Exception {
        String complaint = "C-" + UUID.randomUUID();
        RecordMetadata original = kafka.send(EVENTS, complaint, "{ not json".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> dead = deadLetterTo(ROUTING_DLT, original, "routing-service",
                new IllegalArgumentException("not a valid complaint event"));
        String failedRecord = EVENTS + "-" + original.partition() + "@" + original.offset();
        try (FakeService routing = new FakeService()) {
            routing.on("GET", "/api/v1/parked-complaints/" + complaint, FakeService.Answer.json(200,
                            "{\"complaintId\":\"" + complaint + "\",\"failedRecord\":\"" + failedRecord
                                    + "\",\"waitingEvents\":2}"))
                    .on("POST", "/api/v1/parked-complaints/" + complaint + "/release", FakeService.Answer.json(200,
                            "{\"complaintId\":\"" + complaint + "\",\"failedEvent\":\"RETRY\",\"eventsHandled\":3}"));

            OpsCli.Run redrive = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", ROUTING_DLT,
                    String.valueOf(dead.partition()), String.valueOf(dead.offset()), "--routing-url", routing.url()));

            assertThat(redrive.exitCode()).as(redrive.toString()).isZero();
            assertThat(redrive.out()).contains("released complaint " + complaint + " in routing-service, 3 event(s) handled");
            assertThat(routing.requests()).filteredOn(r -> r.method().equals("POST"))
                    .singleElement().satisfies(r -> assertThat(JSON.readTree(r.body()).path("failedEvent").asText())
                            .isEqualTo("retry"));
        }
        assertThat(withKey(OpsCli.readAll(bootstrap, EVENTS), complaint))
                .as("nothing is written to complaint.events.v1: it has one writer").hasSize(1);
    }

    @Test
    void refusesToReleaseAComplaintParkedForAnotherRecordOrNotParkedAtAll() {
        String parkedElsewhere = "C-" + UUID.randomUUID();
        String notParked = "C-" + UUID.randomUUID();
        ConsumerRecord<byte[], byte[]> deadA = deadLetterTo(ROUTING_DLT,
                kafka.send(EVENTS, parkedElsewhere, "{".getBytes(StandardCharsets.UTF_8)), "routing-service",
                new IllegalArgumentException("x"));
        ConsumerRecord<byte[], byte[]> deadB = deadLetterTo(ROUTING_DLT,
                kafka.send(EVENTS, notParked, "{".getBytes(StandardCharsets.UTF_8)), "routing-service",
                new IllegalArgumentException("x"));
        try (FakeService routing = new FakeService()) {
            routing.on("GET", "/api/v1/parked-complaints/" + parkedElsewhere, FakeService.Answer.json(200,
                    "{\"complaintId\":\"" + parkedElsewhere + "\",\"failedRecord\":\"complaint.events.v1-0@999999\"}"));

            OpsCli.Run elsewhere = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", ROUTING_DLT,
                    String.valueOf(deadA.partition()), String.valueOf(deadA.offset()), "--routing-url", routing.url()));
            OpsCli.Run released = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", ROUTING_DLT,
                    String.valueOf(deadB.partition()), String.valueOf(deadB.offset()), "--routing-url", routing.url()));

            assertThat(elsewhere.exitCode()).as(elsewhere.toString()).isEqualTo(1);
            assertThat(elsewhere.out()).contains("is parked for another record (complaint.events.v1-0@999999");
            assertThat(released.exitCode()).as(released.toString()).isEqualTo(1);
            assertThat(released.out()).contains("complaint " + notParked + " is not parked in routing-service");
            assertThat(routing.requests()).noneMatch(r -> r.method().equals("POST"));
        }
    }

    @Test
    void refusesToRedriveAnalyticsDeadLettersAndTopicsThatAreNotDeadLetterTopicsOfThePlatform() {
        OpsCli.Run analytics = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive",
                "complaint.events.v1.analytics-service.dlt", "--all"));
        OpsCli.Run other = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", "orders.dlt", "0", "1"));
        OpsCli.Run neither = OpsCli.run(OpsCli.with(bootstrap, "dlt", "redrive", INTAKE + ".dlt"));

        assertThat(analytics.exitCode()).isEqualTo(1);
        assertThat(analytics.err()).contains("analytics-service parks nothing and has nothing to re-drive")
                .doesNotContain("\tat ");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("orders.dlt is not a dead-letter topic of Closed Loop");
        assertThat(neither.exitCode()).as("usage").isEqualTo(2);
        assertThat(neither.err()).contains("give PARTITION and OFFSET of one dead letter, or --all");
    }

    @Test
    void saysSoWhenThereIsNoSuchRecordOrTopic() {
        OpsCli.Run noRecord = OpsCli.run(OpsCli.with(bootstrap, "dlt", "show", INTAKE + ".dlt", "0", "99999999"));
        OpsCli.Run noTopic = OpsCli.run(OpsCli.with(bootstrap, "dlt", "list", "--topic", "no.such.topic.dlt"));

        assertThat(noRecord.exitCode()).isEqualTo(1);
        assertThat(noRecord.err()).contains("there is no record at " + INTAKE + ".dlt-0@99999999").doesNotContain("\tat ");
        assertThat(noTopic.exitCode()).isEqualTo(1);
        assertThat(noTopic.err()).contains("there is no topic no.such.topic.dlt").doesNotContain("\tat ");
    }

    /** Dead-letters the record at {@code original} as a service's error handler would, and returns the dead letter. */
    private static ConsumerRecord<byte[], byte[]> deadLetter(RecordMetadata original, String group, Exception reason) {
        return deadLetterTo(original.topic() + ".dlt", original, group, reason);
    }

    private static ConsumerRecord<byte[], byte[]> deadLetterTo(String deadLetterTopic, RecordMetadata original,
            String group, Exception reason) {
        ConsumerRecord<byte[], byte[]> record = OpsCli.readAll(bootstrap, original.topic()).stream()
                .filter(r -> r.partition() == original.partition() && r.offset() == original.offset())
                .findFirst().orElseThrow();
        // partition -1: the producer partitions by key, as in every service's ComplaintStreamConfiguration/KafkaConfig
        var recoverer = new DeadLetterPublishingRecoverer(template, (r, e) -> new TopicPartition(deadLetterTopic, -1));
        recoverer.accept(record, new ListenerExecutionFailedException("Listener method threw exception", group, reason));
        return OpsCli.readAll(bootstrap, deadLetterTopic).stream()
                .filter(r -> original.topic().equals(header(r, "kafka_dlt-original-topic"))
                        && Arrays.equals(r.headers().lastHeader("kafka_dlt-original-offset").value(),
                        ByteBuffer.allocate(8).putLong(original.offset()).array())
                        && Arrays.equals(r.headers().lastHeader("kafka_dlt-original-partition").value(),
                        ByteBuffer.allocate(4).putInt(original.partition()).array()))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter of " + original));
    }

    private static List<ConsumerRecord<byte[], byte[]>> withKey(List<ConsumerRecord<byte[], byte[]>> records, String key) {
        return records.stream().filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
