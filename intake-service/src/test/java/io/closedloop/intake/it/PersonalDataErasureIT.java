package io.closedloop.intake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.closedloop.contract.PersonalDataSeal;
import io.closedloop.contract.SealedPersonalData;
import io.closedloop.contract.event.ComplaintEventReader;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.topic.Topic;
import io.closedloop.intake.privacy.MasterKeyRotation;
import io.closedloop.intake.privacy.MasterKeys;
import io.closedloop.intake.privacy.TestMasterKeys;
import io.closedloop.security.ApiKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Erasure by crypto-shredding, as an auditor would check it: the person's details are never written in clear to
 * the event store or Kafka; after the erasure they cannot be read through the API, and the sealed copy on a raw
 * Kafka read cannot be opened with any key intake still holds; the rest of the stream stays, with the erasure on it.
 */
class PersonalDataErasureIT extends IntakeIntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MasterKeyRotation rotation;

    @Test
    void anErasureMakesThePersonUnreadableEverywhereAndKeepsTheRestOfTheStream() {
        String phone = "+86 139 " + (1000_0000 + (int) (Math.random() * 8999_9999));
        String digits = phone.replaceAll("\\D", "");
        String email = "erase-" + UUID.randomUUID() + "@example.cn";
        String first = file(phone, email);
        String second = file(phone.replace(" ", ""), null); // the same person, the phone written differently

        // in clear nowhere: not in the event store, not on the topic
        String stored = jdbc.sql("select convert_from(payload, 'UTF8') from domainevententry"
                        + " where aggregateidentifier = ? and sequencenumber = 0")
                .param(first).query(String.class).single();
        assertThat(stored).doesNotContain(digits.substring(digits.length() - 8)).doesNotContain(email)
                .contains("sealedComplainant");
        ConsumerRecord<String, byte[]> onTopic = kafka.readFirstWithKey(Topic.COMPLAINT_EVENTS.topicName(), first,
                Duration.ofSeconds(60));
        String raw = new String(onTopic.value(), StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain(digits.substring(digits.length() - 8)).doesNotContain(email);
        ComplaintReceivedEvent received = (ComplaintReceivedEvent) ComplaintEventReader
                .read(onTopic.key(), onTopic.value()).payload();
        SealedPersonalData sealed = received.sealedComplainant();
        assertThat(sealed.subjectId()).isNotBlank();
        // the database holds the person's key only wrapped: a dump of it opens nothing without the master key
        byte[] wrappedKey = jdbc.sql("select data_key from personal_data_key where subject_id = ?")
                .param(sealed.subjectId()).query(byte[].class).single();
        String masterKeyId = jdbc.sql("select master_key_id from personal_data_key where subject_id = ?")
                .param(sealed.subjectId()).query(String.class).single();
        assertThat(masterKeyId).isEqualTo(TestMasterKeys.ACTIVE);
        byte[] storedAsKey = Arrays.copyOf(wrappedKey, PersonalDataSeal.KEY_BYTES);
        assertThatThrownBy(() -> PersonalDataSeal.open(sealed, first, storedAsKey))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] key = TestMasterKeys.keyring().unwrap(sealed.subjectId(), masterKeyId, wrappedKey);
        assertThat(PersonalDataSeal.open(sealed, first, key).email()).isEqualTo(email);

        // readable, masked and unmasked, before
        client().get().uri("/api/v1/complaints/{id}", first).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.complainant.name").isEqualTo("韩**");
        as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant", second).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.complainant.phone").isEqualTo(phone.replace(" ", ""));

        // a department may not erase; an erasure needs a reason
        as("demo-after-sales-key").post().uri("/api/v1/personal-data-erasures").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"phone\": \"" + phone + "\", \"reason\": \"x\"}").exchange().expectStatus().isForbidden();
        client().post().uri("/api/v1/personal-data-erasures").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"phone\": \"" + phone + "\"}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");

        JsonNode erasure = asPerson("supervisor", "supervisor-demo").post().uri("/api/v1/personal-data-erasures")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"phone\": \"" + phone + "\", \"reason\": \"PIPL request 2026-11-0042\"}").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(erasure.get("complaintIds")).extracting(JsonNode::asText)
                .as("one person: both complaints").containsExactlyInAnyOrder(first, second);

        // unreadable through the API
        for (String id : List.of(first, second)) {
            as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant", id).exchange()
                    .expectStatus().isEqualTo(410)
                    .expectBody().jsonPath("$.type").isEqualTo("https://closed-loop.dev/problems/personal-data-erased");
            client().get().uri("/api/v1/complaints/{id}", id).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.complainant").doesNotExist()
                    .jsonPath("$.subject").isEqualTo("水壶漏水 / leaking kettle");
        }
        // the key is gone: the raw Kafka copy and the event store copy cannot be opened by anything intake holds
        assertThat(jdbc.sql("select count(*) from personal_data_key where subject_id = ?").param(sealed.subjectId())
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from personal_data_contact where subject_id = ?")
                .param(sealed.subjectId()).query(Integer.class).single()).isZero();
        // the rest of the stream stays, with the erasure on it, and the topic carries it to the other services
        JsonNode events = client().get().uri("/api/v1/complaints/{id}/events", first).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(events.get(0).get("type").asText()).isEqualTo("ComplaintReceived");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("PersonalDataErased");
        assertThat(events.get(events.size() - 1).at("/payload/reason").asText())
                .isEqualTo("PIPL request 2026-11-0042");
        List<ConsumerRecord<String, byte[]>> records = kafka.readUntil(Topic.COMPLAINT_EVENTS.topicName(),
                rs -> rs.stream().filter(r -> second.equals(r.key()))
                        .anyMatch(r -> "PersonalDataErased".equals(ComplaintEventReader.read(r.key(), r.value()).type())),
                Duration.ofSeconds(60));
        assertThat(records).isNotEmpty();

        // asking again changes nothing; auditors see the erasure, never the person
        asPerson("supervisor", "supervisor-demo").post().uri("/api/v1/personal-data-erasures")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"complaintId\": \"" + first + "\", \"reason\": \"PIPL request 2026-11-0042\"}")
                .exchange().expectStatus().isOk();
        JsonNode again = client().get().uri("/api/v1/complaints/{id}/events", first).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.size()).isEqualTo(events.size());
        JsonNode listed = as("demo-auditor-key").get().uri("/api/v1/personal-data-erasures").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listed.toString()).contains(sealed.subjectId()).doesNotContain(digits).doesNotContain(email);
    }

    @Test
    void theDetailsAPersonWroteIntoTheirComplaintAreMaskedOnTheStreamReadableWhenNeededAndErasedWithThem() {
        String phone = "139" + (1000_0000 + (int) (Math.random() * 8999_9999));
        String email = "words-" + UUID.randomUUID() + "@example.cn";
        String written = "我是韩梅梅，电话 " + phone + "，身份证 11010519491231002X。Please call me back.";
        String masked = "我是韩**，电话 " + phone.substring(0, 3) + "****" + phone.substring(7)
                + "，身份证 **************002X。Please call me back.";
        String id = file(null, email, written);

        ConsumerRecord<String, byte[]> onTopic = kafka.readFirstWithKey(Topic.COMPLAINT_EVENTS.topicName(), id,
                Duration.ofSeconds(60));
        assertThat(new String(onTopic.value(), StandardCharsets.UTF_8))
                .doesNotContain(phone).doesNotContain("11010519491231002X").doesNotContain("韩梅梅");
        ComplaintReceivedEvent received = (ComplaintReceivedEvent) ComplaintEventReader
                .read(onTopic.key(), onTopic.value()).payload();
        assertThat(received.text()).isEqualTo(masked);
        assertThat(received.sealedWords().subjectId()).isEqualTo(received.subjectId());
        client().get().uri("/api/v1/complaints/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.text").isEqualTo(masked);
        // whoever may read the person's details reads what they wrote, and the read is recorded
        as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant?purpose=check the ID", id).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.words.text").isEqualTo(written)
                .jsonPath("$.words.subject").isEqualTo("水壶漏水 / leaking kettle");
        assertThat(jdbc.sql("select count(*) from personal_data_read where complaint_id = ?").param(id)
                .query(Integer.class).single()).isOne();

        asPerson("supervisor", "supervisor-demo").post().uri("/api/v1/personal-data-erasures")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": \"" + email + "\", \"reason\": \"PIPL request 2026-11-0043\"}").exchange()
                .expectStatus().isOk();

        as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant", id).exchange()
                .expectStatus().isEqualTo(410);
        // the masked words stay for the departments and reports; the words as written are gone with the key
        client().get().uri("/api/v1/complaints/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.text").isEqualTo(masked);
        assertThat(jdbc.sql("select count(*) from personal_data_key where subject_id = ?")
                .param(received.sealedWords().subjectId()).query(Integer.class).single()).isZero();
    }

    @Test
    void anErasureOfSomeoneUnknownIsNotFoundAndTheSamePersonComplainingAgainGetsANewKey() {
        client().post().uri("/api/v1/personal-data-erasures").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": \"nobody-" + UUID.randomUUID() + "@example.cn\", \"reason\": \"r\"}")
                .exchange().expectStatus().isNotFound();

        String email = "again-" + UUID.randomUUID() + "@example.cn";
        String before = file(null, email);
        client().post().uri("/api/v1/personal-data-erasures").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": \"" + email + "\", \"reason\": \"request 7\"}").exchange()
                .expectStatus().isOk();
        String after = file(null, email);

        as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant", after).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.complainant.email").isEqualTo(email);
        as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant", before).exchange()
                .expectStatus().isEqualTo(410);
    }

    @Test
    void keysWrappedBeforeARotationOrStoredBeforeMasterKeysStayReadableAndAreReWrappedWithTheActiveKey() {
        String legacy = file(null, "legacy-" + UUID.randomUUID() + "@example.cn");
        String older = file(null, "older-" + UUID.randomUUID() + "@example.cn");
        String legacySubject = subjectOf(legacy);
        String olderSubject = subjectOf(older);
        // as a key stored before master keys existed (the key itself), and as one wrapped before a rotation
        byte[] legacyKey = storedKey(legacySubject);
        jdbc.sql("update personal_data_key set data_key = ?, master_key_id = null where subject_id = ?")
                .params(legacyKey, legacySubject).update();
        MasterKeys.Wrapped beforeRotation = TestMasterKeys.beforeRotation().wrap(olderSubject, storedKey(olderSubject));
        jdbc.sql("update personal_data_key set data_key = ?, master_key_id = ? where subject_id = ?")
                .params(beforeRotation.bytes(), beforeRotation.masterKeyId(), olderSubject).update();
        for (String id : List.of(legacy, older)) {
            as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant", id).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.complainant.email").value(v ->
                            assertThat(v.toString()).endsWith("@example.cn"));
        }

        // a keyring that lacks a master key still in use keeps intake from starting, naming the key
        jdbc.sql("update personal_data_key set master_key_id = 'retired-2024' where subject_id = ?")
                .param(olderSubject).update();
        try {
            assertThatThrownBy(rotation::checkKeyringOpensEveryKey).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[retired-2024]").hasMessageContaining("put them back");
        } finally {
            jdbc.sql("update personal_data_key set master_key_id = ? where subject_id = ?")
                    .params(TestMasterKeys.OLDER, olderSubject).update();
        }
        rotation.checkKeyringOpensEveryKey();

        rotation.rewrapAll();

        for (String subject : List.of(legacySubject, olderSubject)) {
            assertThat(jdbc.sql("select master_key_id from personal_data_key where subject_id = ?").param(subject)
                    .query(String.class).single()).isEqualTo(TestMasterKeys.ACTIVE);
        }
        assertThat(storedKey(legacySubject)).as("the same data key, wrapped anew").isEqualTo(legacyKey);
        for (String id : List.of(legacy, older)) {
            as("demo-auditor-key").get().uri("/api/v1/complaints/{id}/complainant", id).exchange()
                    .expectStatus().isOk();
        }
        assertThat(jdbc.sql("select count(*) from personal_data_key where master_key_id is distinct from ?")
                .param(TestMasterKeys.ACTIVE).query(Long.class).single()).isZero();
    }

    private String subjectOf(String complaintId) {
        return jdbc.sql("select subject_id from personal_data_subject_complaint where complaint_id = ?")
                .param(complaintId).query(String.class).single();
    }

    /** The subject's data key, unwrapped as intake does. */
    private byte[] storedKey(String subjectId) {
        return jdbc.sql("select data_key, master_key_id from personal_data_key where subject_id = ?").param(subjectId)
                .query((rs, n) -> TestMasterKeys.keyring().unwrap(subjectId, rs.getString(2), rs.getBytes(1)))
                .single();
    }

    private String file(String phone, String email) {
        return file(phone, email, "新买的水壶漏水。The new kettle leaks.");
    }

    private String file(String phone, String email, String text) {
        String complainant = "{\"name\": \"韩梅梅\"" + (phone == null ? "" : ", \"phone\": \"" + phone + "\"")
                + (email == null ? "" : ", \"email\": \"" + email + "\"") + "}";
        String json = """
                {"channel": "web", "channelMessageId": "erase-%s", "receivedAt": "%s", "complainant": %s,
                 "subject": "水壶漏水 / leaking kettle", "text": %s}
                """.formatted(UUID.randomUUID(), Instant.now().minusSeconds(60), complainant, quoted(text));
        return created(json);
    }

    private static String quoted(String text) {
        return io.closedloop.contract.json.ContractJson.mapper().valueToTree(text).toString();
    }

    private String created(String json) {
        return client().post().uri("/api/v1/complaints").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("complaintId").asText();
    }

    private WebTestClient as(String apiKey) {
        return client().mutate().defaultHeaders(headers -> headers.set(ApiKeys.HEADER, apiKey)).build();
    }

    private WebTestClient asPerson(String username, String password) {
        return client().mutate().defaultHeaders(headers -> {
            headers.remove(ApiKeys.HEADER);
            headers.setBasicAuth(username, password);
        }).build();
    }
}
