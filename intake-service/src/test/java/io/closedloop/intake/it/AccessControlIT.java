package io.closedloop.intake.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.intake.command.ComplaintCommandProcessor;
import io.closedloop.security.ApiKeys;
import io.closedloop.security.Caller;
import io.closedloop.security.Callers;
import io.closedloop.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Who may read and act on a complaint, with the demo credentials a new user gets: a department sees and acts only
 * on its own complaints (another's answer "not found", through every route), auditors read and change nothing,
 * channel adapters file and read nothing, and every read of personal data is recorded before it is answered.
 */
class AccessControlIT extends IntakeIntegrationTest {

    @Autowired
    ComplaintCommandProcessor commands;

    @Autowired
    DataSource dataSource;

    /**
     * The sign-in page's session is in intake's database, so that any replica (any {@code JdbcIndexedSessionRepository}
     * on the same database) knows the person, under intake's own cookie name, and without their password.
     */
    @Test
    void aPersonSignedInOnThePageIsKeptInTheDatabaseForEveryReplicaWithoutTheirPassword() {
        String sessionId = signIn("supervisor", "supervisor-demo");
        as(null).get().uri("/api/v1/complaints/{id}", filed()).cookie("CLOSEDLOOP_INTAKE_SESSION", sessionId)
                .exchange()
                .expectStatus().isOk();

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JdbcIndexedSessionRepository anotherReplica = new JdbcIndexedSessionRepository(jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        Session session = anotherReplica.findById(sessionId);
        SecurityContext signedIn = session.getAttribute("SPRING_SECURITY_CONTEXT");
        assertThat(Callers.of(signedIn.getAuthentication()))
                .isEqualTo(Caller.person("supervisor", List.of(Role.SUPERVISOR), null));
        assertThat(signedIn.getAuthentication().getCredentials()).isNull();
        byte[] stored = jdbc.queryForObject("""
                select a.attribute_bytes from spring_session_attributes a
                join spring_session s on s.primary_id = a.session_primary_id
                where s.session_id = ? and a.attribute_name = 'SPRING_SECURITY_CONTEXT'
                """, byte[].class, sessionId);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).contains("supervisor")
                .doesNotContain("supervisor-demo").doesNotContain("{noop}");
    }

    /** As after an upgrade whose classes no longer read an old session: signed out, never a 500. */
    @Test
    void aSessionThatCanNoLongerBeReadSignsThePersonOutInsteadOfFailing() {
        String sessionId = signIn("supervisor", "supervisor-demo");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.update("""
                update spring_session_attributes set attribute_bytes = ?
                where session_primary_id = (select primary_id from spring_session where session_id = ?)
                """, new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 's', 'r'}, sessionId)).isPositive();

        as(null).get().uri("/api/v1/complaints/{id}", filed()).cookie("CLOSEDLOOP_INTAKE_SESSION", sessionId)
                .exchange()
                .expectStatus().isUnauthorized();
        assertThat(jdbc.queryForObject("select count(*) from spring_session where session_id = ?", Integer.class,
                sessionId)).isZero();
    }

    /** Signs in on the sign-in page and returns the session's id, from intake's own cookie. */
    private String signIn(String username, String password) {
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", password);
        var signIn = as(null).post().uri("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange()
                .expectStatus().isFound()
                .returnResult(Void.class);
        // not Spring's default SESSION, which every other service on the same host would also set and overwrite
        assertThat(signIn.getResponseCookies()).containsOnlyKeys("CLOSEDLOOP_INTAKE_SESSION");
        return signIn.getResponseCookies().getFirst("CLOSEDLOOP_INTAKE_SESSION").getValue();
    }

    @Test
    void withoutCredentialsNothingButTheCustomersRoutesAnswers() {
        String id = assignedTo("after-sales");
        as(null).get().uri("/api/v1/complaints/{id}", id).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
        as(null).post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("anon-" + UUID.randomUUID())).exchange()
                .expectStatus().isUnauthorized();
        as(null).get().uri("/complaint.html").exchange().expectStatus().isOk();
        as(null).get().uri("/agent.html").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isFound().expectHeader().valueEquals(HttpHeaders.LOCATION, "/login");
    }

    @Test
    void aDepartmentSeesAndActsOnItsOwnComplaintsAndAnotherDepartmentsAreNotFoundThroughEveryRoute() {
        String id = assignedTo("after-sales");
        String unassigned = filed();

        as("demo-after-sales-key").get().uri("/api/v1/complaints/{id}", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.department").isEqualTo("after-sales");

        for (String path : List.of("/api/v1/complaints/{id}", "/api/v1/complaints/{id}/events",
                "/api/v1/complaints/{id}/complainant")) {
            as("demo-logistics-key").get().uri(path, id).exchange().expectStatus().isNotFound();
            as("demo-after-sales-key").get().uri(path, unassigned).exchange().expectStatus().isNotFound();
        }
        as("demo-logistics-key").post().uri("/api/v1/complaints/{id}/progress-notes", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"note\": \"peeking\", \"by\": \"mallory\"}")
                .exchange().expectStatus().isNotFound();
        as("demo-after-sales-key").post().uri("/api/v1/complaints/{id}/progress-notes", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"note\": \"called the customer\", \"by\": \"wang\"}")
                .exchange().expectStatus().isOk();
        // transferring the complaint or correcting its classification is for supervisors
        as("demo-after-sales-key").post().uri("/api/v1/complaints/{id}/classification", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"infoType\": \"complaint\", \"category\": \"x\", \"severity\": \"minor\", \"by\": \"wang\"}")
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void aPersonWhoSignedInActsAsThemselvesAndCannotNameSomeoneElse() {
        String id = assignedTo("after-sales");
        JsonNode result = asPerson("after-sales", "after-sales-demo").post()
                .uri("/api/v1/complaints/{id}/progress-notes", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"note\": \"已联系客户 / called the customer\"}").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(result.get("outcome").asText()).isEqualTo("applied");
        JsonNode events = client().get().uri("/api/v1/complaints/{id}/events", id).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode note = events.get(events.size() - 1);
        assertThat(note.get("type").asText()).isEqualTo("ProgressNoted");
        assertThat(note.at("/payload/actor/id").asText()).isEqualTo("after-sales");

        asPerson("after-sales", "after-sales-demo").post().uri("/api/v1/complaints/{id}/progress-notes", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"note\": \"x\", \"by\": \"supervisor\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("by");
    }

    @Test
    void anAuditorReadsEverythingAndChangesNothingAndAnAdapterFilesButReadsNothing() {
        String id = assignedTo("logistics");
        as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/events", id).exchange().expectStatus().isOk();
        as("demo-auditor-key").post().uri("/api/v1/complaints/{id}/progress-notes", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"note\": \"x\", \"by\": \"auditor\"}")
                .exchange().expectStatus().isForbidden();

        JsonNode accepted = as("demo-adapter-key").post().uri("/api/v1/complaints")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Channel-Adapter", "claims-to-be-someone-else")
                .bodyValue(ComplaintApiIT.complaintJson("adapter-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String filed = accepted.get("complaintId").asText();
        as("demo-adapter-key").get().uri("/api/v1/complaints/{id}", filed).exchange().expectStatus().isForbidden();
        JsonNode events = client().get().uri("/api/v1/complaints/{id}/events", filed).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(events.get(0).at("/payload/actor/id").asText())
                .as("the adapter is recorded by its key's name, not by what its header claims").isEqualTo("demo-adapter");
    }

    @Test
    void personalDataIsMaskedInTheComplaintAndEveryUnmaskedReadIsRecordedFirst() {
        String id = assignedTo("after-sales");
        as("demo-after-sales-key").get().uri("/api/v1/complaints/{id}", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.complainant.name").isEqualTo("李*");

        asPerson("after-sales", "after-sales-demo").get()
                .uri("/api/v1/complaints/{id}/complainant?purpose=回电 call back", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.complainant.name").isEqualTo("李雷")
                .jsonPath("$.complainant.phone").isEqualTo("+86 138 1234 5678");
        as("demo-admin-key").get().uri("/api/v1/complaints/{id}/complainant", id)
                .exchange().expectStatus().isForbidden();

        JsonNode reads = as("demo-auditor-key").get().uri("/api/v1/personal-data-reads?complaintId={id}", id)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).get("reader").asText()).isEqualTo("after-sales");
        assertThat(reads.get(0).get("person").asBoolean()).isTrue();
        assertThat(reads.get(0).get("department").asText()).isEqualTo("after-sales");
        assertThat(reads.get(0).get("purpose").asText()).isEqualTo("回电 call back");
        as("demo-after-sales-key").get().uri("/api/v1/personal-data-reads?complaintId={id}", id).exchange()
                .expectStatus().isForbidden();
    }

    private String filed() {
        return client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ComplaintApiIT.complaintJson("acl-" + UUID.randomUUID())).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("complaintId").asText();
    }

    private String assignedTo(String department) {
        String id = filed();
        ComplaintCommandProcessor.Result result = commands.process(new AssignDepartmentCommand(
                UUID.randomUUID().toString(), id, department, "normal", "test", "test-rules@1",
                Actor.service("routing-service", "test-rules@1")), null);
        assertThat(result.outcome().accepted()).isTrue();
        return id;
    }

    /** A client with this API key, or with no credentials at all. */
    private WebTestClient as(String apiKey) {
        return client().mutate().defaultHeaders(headers -> {
            headers.remove(ApiKeys.HEADER);
            if (apiKey != null) {
                headers.set(ApiKeys.HEADER, apiKey);
            }
        }).build();
    }

    private WebTestClient asPerson(String username, String password) {
        return as(null).mutate().defaultHeaders(headers -> headers.setBasicAuth(username, password)).build();
    }
}
