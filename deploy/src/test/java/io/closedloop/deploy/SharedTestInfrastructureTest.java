package io.closedloop.deploy;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SharedTestInfrastructureTest {

    @Test
    void oneBrokerAndOnePostgresPerJvmAndSpringPropertiesPointingAtThem() throws Exception {
        // concurrent first use still yields one instance
        CompletableFuture<SharedTestInfrastructure> other = CompletableFuture.supplyAsync(SharedTestInfrastructure::get);
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        assertThat(other.get(10, TimeUnit.SECONDS)).isSameAs(infra);

        Map<String, String> properties = infra.springProperties("routing");
        assertThat(infra.kafka()).isSameAs(infra.kafka());
        assertThat(infra.kafkaClient()).isSameAs(infra.kafkaClient());
        assertThat(infra.postgres()).isSameAs(infra.postgres());
        assertThat(infra.kafka().isRunning()).isTrue();
        assertThat(infra.postgres().durable()).isFalse();
        assertThat(properties).containsExactly(
                Map.entry("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers()),
                Map.entry("spring.datasource.url", "jdbc:postgresql://localhost:" + infra.postgres().port() + "/routing"),
                Map.entry("spring.datasource.username", "postgres"),
                Map.entry("spring.datasource.password", "postgres"),
                Map.entry("closedloop.security.demo-credentials", "true"));

        try (Connection c = DriverManager.getConnection(properties.get("spring.datasource.url"),
                properties.get("spring.datasource.username"), properties.get("spring.datasource.password"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("routing");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                properties.get("spring.kafka.bootstrap-servers")))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(infra.directory()).isDirectory();
    }
}
