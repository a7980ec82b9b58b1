package io.closedloop.harness.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the broker and the database do on their own, on the platform's own broker and PostgreSQL: the bound of
 * what the platform can do with them.
 * <ul>
 *   <li>Kafka: a plain producer ({@code acks=all}, like the platform's) sends the run's payloads to a scratch
 *       topic of 6 partitions while a plain consumer reads them back; throughput and send-to-consume latency.</li>
 *   <li>Axon: a {@link JdbcEventStorageEngine} with Jackson, as intake uses it, appends one event per complaint,
 *       one transaction each, from 8 threads, to a scratch database {@value #SCRATCH_DATABASE} (never the
 *       services' databases).</li>
 * </ul>
 */
final class Baselines {

    static final String SCRATCH_DATABASE = "bench_baseline";

    record KafkaBaseline(int records, double produceSeconds, double producedPerSecond, double consumedPerSecond,
            Percentiles latency) {
    }

    record AxonBaseline(int events, double seconds, double appendsPerSecond) {
    }

    private Baselines() {
    }

    static KafkaBaseline kafka(String bootstrap, List<byte[]> payloads, int records, String run) throws Exception {
        String topic = "bench.baseline." + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        List<Long> latencies = new ArrayList<>(records);
        long[] consumedDone = new long[1];
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            Thread reader = new Thread(() -> {
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (seen < records && System.nanoTime() < deadline) {
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        latencies.add(now - ByteBuffer.wrap(r.headers().lastHeader("sentAt").value()).getLong());
                        seen++;
                    }
                }
                consumedDone[0] = System.nanoTime();
            }, "kafka-baseline-reader");
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            long start = System.nanoTime();
            reader.start();
            long produced;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < records; i++) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "baseline-" + i,
                            payloads.get(i % payloads.size()));
                    record.headers().add("sentAt", ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
                    producer.send(record);
                }
                producer.flush();
                produced = System.nanoTime();
            }
            reader.join();
            double produceSeconds = (produced - start) / 1e9;
            double consumeSeconds = (consumedDone[0] - start) / 1e9;
            return new KafkaBaseline(records, produceSeconds, records / produceSeconds,
                    latencies.size() / consumeSeconds, Percentiles.of(latencies));
        } finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    static AxonBaseline axon(PlatformProcesses platform, List<byte[]> payloads, int events) throws Exception {
        createScratchDatabase(platform);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(platform.jdbcUrl(SCRATCH_DATABASE));
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(8);
        config.setAutoCommit(true);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
                s.execute("DROP TABLE IF EXISTS domainevententry, snapshotevententry");
            }
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
            JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                    .connectionProvider(new DataSourceConnectionProvider(dataSource))
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(serializer).snapshotSerializer(serializer)
                    .build();
            engine.createSchema(PostgresEventTableFactory.INSTANCE);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        // one new aggregate per complaint, its first event: what intake appends for ComplaintReceived
                        engine.appendEvents(new GenericDomainEventMessage<>("Complaint", UUID.randomUUID().toString(), 0,
                                new String(payloads.get(i % payloads.size()), java.nio.charset.StandardCharsets.UTF_8)));
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            threads.shutdown();
            return new AxonBaseline(events, seconds, events / seconds);
        }
    }

    private static void createScratchDatabase(PlatformProcesses platform) throws SQLException {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl("postgres"), "postgres", "postgres");
             Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + SCRATCH_DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + SCRATCH_DATABASE);
        }
    }
}
