package io.closedloop.deploy;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A test's view of a Kafka broker from the outside, as any client sees it: it creates topics, sends records of
 * exactly the bytes a test means (valid or not) and reads topics from their beginning. Keys are strings, values
 * bytes, header values UTF-8 strings.
 *
 * <pre>{@code
 * KafkaTestClient kafka = SharedTestInfrastructure.get().kafkaClient();
 * kafka.send("complaint.events.v1", "C-1", "{ not json".getBytes(UTF_8));
 * var dead = kafka.readFirstWithKey("complaint.events.v1.routing-service.dlt", "C-1", Duration.ofSeconds(20));
 * }</pre>
 *
 * Needs kafka-clients at run time: modules using it have it through spring-kafka. This module's copy is
 * {@code provided}, so it never reaches theirs.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private KafkaProducer<String, byte[]> producer;

    public KafkaTestClient(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * A client of a broker that wants more than the bootstrap servers, e.g. a SCRAM login:
     * {@code new KafkaTestClient(broker.bootstrapServers(), KafkaBroker.clientProperties(user, password))}.
     * {@code clientProperties} (Kafka's names) go to every producer, consumer and admin client it creates.
     */
    public KafkaTestClient(String bootstrapServers, Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    private Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putAll(own);
        return config;
    }

    private Admin admin() {
        return Admin.create(config(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)));
    }

    /** Creates or replaces a SCRAM-SHA-512 credential (KIP-554); the client must be allowed to (a super user). */
    public void createScramUser(String user, String password) {
        var credential = new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password);
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(credential)).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create SCRAM user " + user, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create SCRAM user " + user + " within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Grants these ACLs; the client must be allowed to (a super user). */
    public void createAcls(Collection<AclBinding> acls) {
        try (Admin admin = admin()) {
            admin.createAcls(acls).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create ACLs " + acls, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create ACLs within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates {@code topic} on the single-node broker, replication factor 1; a topic that exists already is fine. */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create " + topic + " within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public RecordMetadata send(String topic, String key, byte[] value) {
        return send(topic, key, value, Map.of());
    }

    /**
     * Sends one record and returns once every replica has it ({@code acks=all}), so a test can read it at once.
     *
     * @return where the record went: its partition and offset
     */
    public synchronized RecordMetadata send(String topic, String key, byte[] value, Map<String, String> headers) {
        var record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        if (producer == null) {
            producer = new KafkaProducer<>(config(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new ByteArraySerializer());
        }
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + topic, e.getCause());
        }
    }

    /**
     * Reads {@code topic} from its beginning, as a consumer group of its own and {@code read_committed} like the
     * services, until {@code enough} holds for all records read so far.
     *
     * @throws AssertionError if it does not hold within {@code timeout}
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration timeout) {
        Map<String, Object> config = config(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                consumer.poll(POLL).forEach(records::add);
                if (enough.test(records)) {
                    return records;
                }
            }
        }
        throw new AssertionError("timed out after " + timeout + " reading " + topic + "; read " + records.size()
                + " records");
    }

    /**
     * The first record on {@code topic} with {@code key}, read from the beginning.
     *
     * @throws AssertionError if there is none within {@code timeout}
     */
    public ConsumerRecord<String, byte[]> readFirstWithKey(String topic, String key, Duration timeout) {
        return readUntil(topic, records -> records.stream().anyMatch(r -> key.equals(r.key())), timeout).stream()
                .filter(r -> key.equals(r.key()))
                .findFirst()
                .orElseThrow();
    }

    /** The last header {@code name} of {@code record} as UTF-8 text, or {@code null} if it has none. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
