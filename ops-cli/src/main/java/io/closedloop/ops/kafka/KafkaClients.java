package io.closedloop.ops.kafka;

import io.closedloop.ops.Connection;
import io.closedloop.ops.OpsException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The Kafka clients of the tool, configured like Kafka's own command-line tools: bootstrap servers, plus whatever
 * the {@code --command-config} file says (TLS, SASL/SCRAM). Every call is bounded by {@code --timeout}, so an
 * unreachable cluster is an error message after that long rather than a hang.
 */
public final class KafkaClients {

    private final Connection connection;

    public KafkaClients(Connection connection) {
        this.connection = connection;
    }

    public Admin admin() {
        Properties p = common();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis());
        return Admin.create(p);
    }

    /**
     * A consumer without a group: it is assigned partitions and seeks itself, commits nothing, and so never
     * moves a service's offsets. It reads {@code read_committed}, as the services do.
     */
    public KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = common();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // looking at a topic that does not exist must not create it
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(p);
    }

    /** A transactional producer (acks=all, idempotent) with the given transactional id. */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        Properties p = common();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMillis(), timeoutMillis() + 5_000));
        return new KafkaProducer<>(p);
    }

    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, connection.timeout().toMillis());
    }

    private Properties common() {
        Properties p = new Properties();
        if (connection.commandConfig() != null) {
            try (Reader in = Files.newBufferedReader(connection.commandConfig(), StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (NoSuchFileException e) {
                throw new OpsException("--command-config " + connection.commandConfig() + ": no such file");
            } catch (IOException e) {
                throw new OpsException("--command-config " + connection.commandConfig() + " cannot be read: " + e);
            }
        }
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        p.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "closed-loop-ops");
        // the tool gives up after --timeout; the client must not keep trying to reconnect for longer
        p.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        return p;
    }

    /** The future's value; a Kafka failure as the error an operator can act on. */
    public <T> T await(KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    /** Turns the Kafka exceptions an operator can act on into an {@link OpsException}; others are returned as they are. */
    public RuntimeException translate(Throwable e) {
        if (e instanceof TimeoutException) {
            return new OpsException("Kafka at " + connection.bootstrapServers() + " did not answer within "
                    + connection.timeout().toSeconds() + " s (is it running? check --bootstrap-servers and "
                    + "--command-config): " + e.getMessage(), OpsException.UNREACHABLE);
        }
        if (e instanceof UnknownTopicOrPartitionException) {
            return new OpsException("no such topic or partition: " + e.getMessage());
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            return new OpsException("Kafka refused the tool: " + e.getMessage()
                    + " (check --command-config and the ACLs of its principal)");
        }
        return e instanceof RuntimeException r ? r : new RuntimeException(e);
    }
}
