package io.closedloop.routing.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ClassifyComplaintCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.routing.AbstractIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The taxonomy admin API over HTTP against the real service: reading, checking, importing from a CSV, and a new
 * tree activated with its rules classifying new complaints under it.
 * <p>
 * Only one test here stores anything, and it takes effect in 2031, long after the complaints of every other test
 * (this context's clock says 2025): a version in force from then on cannot change what they assert.
 */
class TaxonomyApiIT extends AbstractIntegrationTest {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final Instant IN_2031 = Instant.parse("2031-01-01T00:00:00Z");

    @Autowired
    WebTestClient web;

    @Test
    void theShippedTaxonomyIsInForceWithTheSixCategoriesAndTheirChildren() {
        web.get().uri("/api/v1/taxonomies/active").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version.stamp").isEqualTo("default-taxonomy@1")
                .jsonPath("$.version.depth").isEqualTo(3)
                .jsonPath("$.taxonomy.fallbackCategory").isEqualTo("other")
                .jsonPath("$.taxonomy.categories[?(@.level == 1)].code").value(codes -> assertThat((List<String>) codes)
                        .containsExactly("product-quality", "service-attitude", "after-sales", "price", "logistics",
                                "other"))
                .jsonPath("$.taxonomy.categories[?(@.code == 'product-quality/brakes/noise')].parent")
                .isEqualTo("product-quality/brakes")
                .jsonPath("$.taxonomy.categories[?(@.code == 'product-quality/brakes/noise')].zh").isEqualTo("制动异响");
        web.get().uri("/api/v1/taxonomies/1").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version.stamp").isEqualTo("default-taxonomy@1");
    }

    @Test
    void anUnknownVersionIsNotFoundAndAVersionThatIsNotANumberIsRefused() {
        web.get().uri("/api/v1/taxonomies/9999").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/taxonomies/latest").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("version");
    }

    @Test
    void aTreeThatCannotWorkIsRefusedWithEveryFieldNamedAndNothingIsStored() {
        String bad = """
                {"name": "draft", "fallbackCategory": "misc",
                 "categories": [{"code": "quality", "zh": "质量"}, {"code": "quality/Brakes", "zh": "制动"},
                                {"code": "safety/fire", "en": "Fire"}]}
                """;
        web.post().uri("/api/v1/taxonomies/validation").contentType(MediaType.APPLICATION_JSON).bodyValue(bad)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.valid").isEqualTo(false)
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .contains("categories[1].code", "categories[2].code", "fallbackCategory", "categories"));
        int versions = versions();

        web.post().uri("/api/v1/taxonomies").contentType(MediaType.APPLICATION_JSON).bodyValue(bad)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'categories[2].code')].reason")
                .isEqualTo("its parent 'safety' is not a category of the taxonomy");
        assertThat(versions()).isEqualTo(versions);
    }

    @Test
    void aTreeWithATypoInAFieldNameIsRefusedNamingTheField() {
        web.post().uri("/api/v1/taxonomies").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"x\", \"categories\": [{\"code\": \"a\", \"zh\": \"甲\", \"english\": \"A\"}]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("categories[0].english");
    }

    @Test
    void importingATreeThatDropsCategoriesTheRulesInForceUseIsRefusedNamingThem() {
        int versions = versions();

        web.post().uri("/api/v1/taxonomies?name=home-appliances").contentType(CSV).bodyValue(homeAppliances())
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .containsOnly("categories"))
                .jsonPath("$.errors[*].reason").value(reasons -> assertThat((List<String>) reasons)
                        .anySatisfy(r -> assertThat(r).startsWith("has no 'logistics/lost', which the rules "
                                + "default-routing@1 name at classification[3].category"))
                        .anySatisfy(r -> assertThat(r).startsWith("has no 'service-attitude/abuse'")));
        assertThat(versions()).isEqualTo(versions);
    }

    @Test
    void aCsvIsCheckedAndShownAsTheTreeItDescribesWithoutStoringIt() {
        web.post().uri("/api/v1/taxonomies/validation?name=home-appliances").contentType(CSV)
                .bodyValue(homeAppliances())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.taxonomy.name").isEqualTo("home-appliances")
                .jsonPath("$.taxonomy.categories.length()").isEqualTo(21)
                .jsonPath("$.taxonomy.categories[?(@.code == 'product-quality/cooling/not-cooling')].zh")
                .isEqualTo("不制冷")
                .jsonPath("$.taxonomy.categories[?(@.code == 'product-quality/cooling/not-cooling')].level")
                .isEqualTo(3)
                // it lacks categories the shipped rules use, so it could only be activated with rules of its own
                .jsonPath("$.valid").isEqualTo(false);
    }

    @Test
    void aCsvThatIsNotATreeOrHasNoNameIsRefusedNamingWhereAndWhy() {
        web.post().uri("/api/v1/taxonomies/validation?name=t").contentType(CSV)
                .bodyValue("一级分类,二级分类\n,刹车\n")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("line 2 (一级分类)")
                .jsonPath("$.errors[0].reason").isEqualTo("is empty, but a deeper level is given");
        web.post().uri("/api/v1/taxonomies").contentType(CSV).bodyValue(homeAppliances())
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
    }

    @Test
    void rulesNamingACategoryTheTaxonomyLacksAreRefusedNamingTheFieldAndTheCodeMeant() {
        web.post().uri("/api/v1/routing-rules/validation").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"name": "draft", "routing": [{"ruleId": "r1", "when": {"categories": ["brakes"]},
                          "department": "quality", "priority": "high"}],
                         "fallbackDepartment": "triage", "fallbackPriority": "normal",
                         "rescueDepartment": "rescue-dispatch"}
                        """)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.valid").isEqualTo(false)
                .jsonPath("$.errors[0].field").isEqualTo("routing[0].when.categories")
                .jsonPath("$.errors[*].reason").value(reasons -> assertThat((List<String>) reasons).contains(
                        "'brakes' is not a category of default-taxonomy@1; rules name categories by code: did you "
                                + "mean 'product-quality/brakes' (制动系统)?"));
    }

    @Test
    void aNewTreeActivatedWithItsRulesClassifiesComplaintsFromThenOnUnderItAndRecordsBothVersions() {
        ObjectNode tree = (ObjectNode) web.post().uri("/api/v1/taxonomies/validation?name=home-appliances")
                .contentType(CSV).bodyValue(homeAppliances())
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("taxonomy");
        String rules = """
                {"name": "appliance-routing",
                 "classification": [
                   {"ruleId": "not-cooling", "when": {"keywords": ["不制冷", "not cooling"]},
                    "category": "product-quality/cooling/not-cooling"}],
                 "routing": [
                   {"ruleId": "cooling-guangdong",
                    "when": {"categories": ["product-quality/cooling"], "regions": ["广东省*"]},
                    "department": "branch-guangdong", "priority": "high"},
                   {"ruleId": "quality", "when": {"categories": ["product-quality"]}, "department": "quality",
                    "priority": "normal"}],
                 "fallbackDepartment": "triage", "fallbackPriority": "normal", "rescueDepartment": "rescue-dispatch"}
                """;
        JsonNode activated = web.post().uri("/api/v1/taxonomies/with-rules?activeFrom={from}&note={note}", IN_2031,
                        "家电分类上线 / appliance tree goes live")
                .contentType(MediaType.APPLICATION_JSON).header("X-Actor", "ops-lin")
                .bodyValue("{\"taxonomy\": " + tree + ", \"rules\": " + rules + "}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String taxonomyStamp = activated.at("/taxonomy/version/stamp").asText();
        String rulesStamp = activated.at("/rules/version/stamp").asText();
        assertThat(taxonomyStamp).startsWith("home-appliances@");
        assertThat(rulesStamp).startsWith("appliance-routing@");
        // an API key names the person it acts for; both are recorded
        assertThat(activated.at("/taxonomy/version/createdBy").asText()).isEqualTo("ops-lin via demo-admin-tool");

        // a complaint recorded after it took effect: classified by the tree's third level, routed by the second
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, "广东省佛山市顺德区", "空调不制冷", IN_2031.plus(Duration.ofDays(1))));

        List<ComplaintCommand> commands = commandsFor(id);
        ClassifyComplaintCommand classify = (ClassifyComplaintCommand) commands.get(0);
        assertThat(classify.category()).isEqualTo("product-quality/cooling/not-cooling");
        assertThat(classify.actor().policy()).isEqualTo(rulesStamp + "+" + taxonomyStamp);
        AssignDepartmentCommand assign = (AssignDepartmentCommand) commands.get(1);
        assertThat(assign.department()).isEqualTo("branch-guangdong");
        assertThat(assign.rulesVersion()).isEqualTo(rulesStamp);
        // today nothing has changed
        web.get().uri("/api/v1/taxonomies/active").exchange()
                .expectBody().jsonPath("$.version.stamp").isEqualTo("default-taxonomy@1");
        web.get().uri("/api/v1/routing-rules/active").exchange()
                .expectBody().jsonPath("$.version.stamp").isEqualTo("default-routing@1");
    }

    @Test
    void aTaxonomyAndRulesThatDoNotFitEachOtherAreRefusedTogether() {
        int versions = versions();

        web.post().uri("/api/v1/taxonomies/with-rules?activeFrom={from}", IN_2031.plusSeconds(3600))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"taxonomy": {"name": "tiny", "fallbackCategory": "other",
                                      "categories": [{"code": "other", "zh": "其他", "en": "Other"}]},
                         "rules": {"name": "tiny-routing", "routing": [{"ruleId": "r1",
                                   "when": {"categories": ["logistics"]}, "department": "logistics",
                                   "priority": "normal"}],
                                   "fallbackDepartment": "triage", "fallbackPriority": "normal",
                                   "rescueDepartment": "rescue-dispatch"}}
                        """)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("rules.routing[0].when.categories")
                .jsonPath("$.errors[0].reason").isEqualTo("'logistics' is not a category of tiny (proposed)");
        web.post().uri("/api/v1/taxonomies/with-rules").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat((List<String>) fields)
                        .containsExactly("taxonomy", "rules"));
        assertThat(versions()).isEqualTo(versions);
    }

    private int versions() {
        return web.get().uri("/api/v1/taxonomies").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().size();
    }

    private static String homeAppliances() {
        try (InputStream in = TaxonomyApiIT.class.getResourceAsStream("/taxonomy/home-appliances.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ComplaintEventEnvelope received(String id, String region, String text, Instant at) {
        var payload = new ComplaintReceivedEvent(id, Channel.PHONE, "call-" + UUID.randomUUID(), at,
                new Complainant("黄敏", null, null, null), null, text, InfoType.COMPLAINT, "KFR-35GW", null, null,
                List.of(), region, "zh-CN", null, Actor.customer(Channel.PHONE, "call-centre"));
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(payload.getClass()),
                "1", id, 0, at, "corr", UUID.randomUUID().toString(), payload);
    }

    private static List<ComplaintCommand> commandsFor(String complaintId) {
        return kafka().readUntil(Topic.COMPLAINT_COMMANDS.topicName(), records -> records.stream()
                        .filter(r -> complaintId.equals(r.key())).count() >= 2, Duration.ofSeconds(30)).stream()
                .filter(r -> complaintId.equals(r.key()))
                .map(r -> read(r.value()))
                .toList();
    }

    private static ComplaintCommand read(byte[] json) {
        try {
            return ContractJson.mapper().readValue(json, ComplaintCommand.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
