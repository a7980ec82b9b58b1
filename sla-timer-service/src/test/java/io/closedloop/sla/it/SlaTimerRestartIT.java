package io.closedloop.sla.it;

import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.RaiseEscalationCommand;
import io.closedloop.contract.command.SetDeadlinesCommand;
import io.closedloop.deploy.SharedTestInfrastructure;
import io.closedloop.sla.DocumentJson;
import io.closedloop.sla.SlaTimerServiceApplication;
import io.closedloop.sla.it.StreamFixtures.SentCommand;
import io.closedloop.sla.policy.ClockPolicy;
import io.closedloop.sla.policy.PolicyStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.closedloop.sla.it.StreamFixtures.commandsAfter;
import static io.closedloop.sla.it.StreamFixtures.commandsUntil;
import static io.closedloop.sla.it.StreamFixtures.newComplaintId;
import static io.closedloop.sla.it.StreamFixtures.ofType;
import static io.closedloop.sla.it.StreamFixtures.publish;
import static io.closedloop.sla.it.StreamFixtures.received;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timers that outlive the service and fire once however many instances run: each test starts its own instances
 * of the whole service (own database, own consumer group) next to any other test's, on the shared broker.
 * They time only complaints made to media or a regulator, on a clock id of their own, so what other tests'
 * instances do cannot be mistaken for theirs.
 */
class SlaTimerRestartIT {

    private static final String CLOCK = "restart-test";
    private static final String POLICY = """
            {"name": "restart-test-clocks", "calendar": "cn-mainland", "clocks": [
              {"clockId": "restart-test", "description": "test: hand an external complaint over within %d seconds",
               "appliesTo": ["external_complaint"], "startOn": ["ComplaintReceived"],
               "satisfiedBy": "DepartmentAssigned", "target": {"elapsed": "PT%dS"},
               "escalation": [{"level": 1, "after": "PT0S", "escalateTo": "pr-director"}]}]}
            """;

    @Test
    void aDeadlinePendingWhileTheServiceIsDownIsEscalatedOnceAfterItStartsAgain() {
        Map<String, Object> properties = properties("sla_timer_restart", "sla-timer-restart");
        String complaintId = newComplaintId();
        Instant receivedAt;
        try (ConfigurableApplicationContext first = start(properties)) {
            activate(first, 8);
            receivedAt = Instant.now();
            publish(received(complaintId, InfoType.EXTERNAL_COMPLAINT, receivedAt));
            commandsUntil(complaintId, c -> ofType(c, SetDeadlinesCommand.class).stream()
                    .anyMatch(s -> s.deadlines().get(0).clockId().equals(CLOCK)), Duration.ofSeconds(30));
            // the command is sent just before the decision commits: wait for the commit to show the timer
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc
                    .sql("select count(*) from scheduled_tasks where task_instance like ?")
                    .param(complaintId + "/" + CLOCK + "/%").query(Integer.class).single()).isEqualTo(1));
        }
        Instant due = receivedAt.plusSeconds(8);
        // stay down until past the due time
        Instant backAt = due.plusSeconds(2);
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(30))
                .until(() -> Instant.now().isAfter(backAt));

        try (ConfigurableApplicationContext second = start(properties)) {
            commandsUntil(complaintId, c -> !escalations(c).isEmpty(), Duration.ofSeconds(30));
            List<RaiseEscalationCommand> escalations = escalations(commandsAfter(complaintId, Duration.ofSeconds(3)));
            assertThat(escalations).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(1);
                assertThat(e.dueAt()).isEqualTo(due);
                assertThat(e.escalateTo()).isEqualTo("pr-director");
            });
        }
    }

    @Test
    void twoInstancesFireEachDeadlineOnce() {
        Map<String, Object> properties = properties("sla_timer_pair", "sla-timer-pair");
        try (ConfigurableApplicationContext a = start(properties);
             ConfigurableApplicationContext b = start(properties)) {
            activate(a, 3);
            List<String> complaints = IntStream.range(0, 24).mapToObj(i -> newComplaintId()).toList();
            Instant receivedAt = Instant.now();
            complaints.forEach(id -> publish(received(id, InfoType.EXTERNAL_COMPLAINT, receivedAt)));

            for (String id : complaints) {
                commandsUntil(id, c -> !escalations(c).isEmpty(), Duration.ofSeconds(60));
            }
            // every complaint's commands, read after a pause in which a second firing would have shown
            Map<String, List<SentCommand>> sent = StreamFixtures.allCommandsAfter(complaints, Duration.ofSeconds(3));
            for (String id : complaints) {
                assertThat(escalations(sent.getOrDefault(id, List.of()))).as("escalations of %s", id).hasSize(1);
            }
        }
    }

    private static List<RaiseEscalationCommand> escalations(List<SentCommand> commands) {
        return ofType(commands, RaiseEscalationCommand.class).stream().filter(e -> CLOCK.equals(e.clockId()))
                .toList();
    }

    private static void activate(ConfigurableApplicationContext context, int seconds) {
        ClockPolicy policy = DocumentJson.read(POLICY.formatted(seconds, seconds), ClockPolicy.class);
        context.getBean(PolicyStore.class).activate(policy, Instant.now(), Instant.now(), "it", "restart test");
    }

    private static Map<String, Object> properties(String database, String applicationName) {
        Map<String, Object> properties = new HashMap<>(SharedTestInfrastructure.get().springProperties(database));
        properties.put("spring.application.name", applicationName);
        properties.put("server.port", "0");
        return properties;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // as command-line arguments: they win over application.yml (builder "properties" are only defaults)
        return new SpringApplicationBuilder(SlaTimerServiceApplication.class).run(properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }
}
