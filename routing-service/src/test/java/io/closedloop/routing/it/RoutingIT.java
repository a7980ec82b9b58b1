package io.closedloop.routing.it;

import io.closedloop.contract.Actor;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.Complainant;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.command.AssignDepartmentCommand;
import io.closedloop.contract.command.ClassifyComplaintCommand;
import io.closedloop.contract.command.ComplaintCommand;
import io.closedloop.contract.event.ComplaintClassifiedEvent;
import io.closedloop.contract.event.ComplaintEvent;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintEventFixtures;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.ComplaintTransferredEvent;
import io.closedloop.contract.event.DepartmentAssignedEvent;
import io.closedloop.contract.event.EventHeaders;
import io.closedloop.contract.event.ProgressNotedEvent;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.contract.topic.Topic;
import io.closedloop.deploy.KafkaTestClient;
import io.closedloop.routing.AbstractIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Complaints in Chinese and English reach the department their classification calls for, on real Kafka. */
class RoutingIT extends AbstractIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Wednesday 2026-03-11 10:00 in Shanghai: every service point is open. */
    private static final Instant WEDNESDAY_MORNING = ZonedDateTime.parse("2026-03-11T10:00+08:00[Asia/Shanghai]")
            .toInstant();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.test.web.reactive.server.WebTestClient web;

    @Test
    void aChineseComplaintAboutSquealingBrakesGoesToQualityAsMajor() {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, null, "刹车异响", "新车刹车有异响，4S店说正常。", null));

        List<ComplaintCommand> commands = commandsFor(id, 2);
        ClassifyComplaintCommand classify = (ClassifyComplaintCommand) commands.get(0);
        assertThat(classify.category()).isEqualTo("product-quality");
        assertThat(classify.severity()).isEqualTo("major");
        assertThat(classify.infoType()).isEqualTo(InfoType.COMPLAINT);
        assertThat(classify.classifiedBy()).isEqualTo("default-routing@1/rules:quality,safety");
        assertThat(classify.topics()).containsExactly("异响", "刹车");
        AssignDepartmentCommand assign = (AssignDepartmentCommand) commands.get(1);
        assertThat(assign.department()).isEqualTo("quality");
        assertThat(assign.priority()).isEqualTo("high");
        assertThat(assign.rulesVersion()).isEqualTo("default-routing@1");
        assertThat(assign.actor()).isEqualTo(Actor.service("routing-service", "default-routing@1"));
    }

    @Test
    void anEnglishComplaintAboutALateParcelGoesToLogistics() {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, InfoType.COMPLAINT, "Parcel two weeks late", "My parcel is two weeks late.", null));

        AssignDepartmentCommand assign = (AssignDepartmentCommand) commandsFor(id, 2).get(1);
        assertThat(assign.department()).isEqualTo("logistics");
    }

    @Test
    void aRepairComplaintFromGuangdongGoesToTheProvincesBranch() {
        String shenzhen = ComplaintEventFixtures.newComplaintId();
        String shanghai = ComplaintEventFixtures.newComplaintId();
        publish(received(shenzhen, Channel.WEB, "广东省深圳市南山区", null, "维修", "空调维修三次还是不制冷。"));
        publish(received(shanghai, Channel.WEB, "上海市浦东新区", null, "维修", "空调维修三次还是不制冷。"));

        AssignDepartmentCommand branch = (AssignDepartmentCommand) commandsFor(shenzhen, 2).get(1);
        assertThat(branch.department()).isEqualTo("branch-guangdong");
        assertThat(branch.reason()).startsWith("rule route-guangdong-branch").contains("region in [广东省*, CN-GD]");
        assertThat(((AssignDepartmentCommand) commandsFor(shanghai, 2).get(1)).department()).isEqualTo("after-sales");
    }

    @Test
    void aPublicSocialPostGoesToPrAndBrandWithHighPriority() {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, Channel.SOCIAL, "上海市徐汇区",
                new ChannelContext("weibo", "https://weibo.example/status/42", true, 58_000L, null, null),
                null, "#维修# 修了三次还没修好，大家评评理"));

        AssignDepartmentCommand assign = (AssignDepartmentCommand) commandsFor(id, 2).get(1);
        assertThat(assign.department()).isEqualTo("pr-brand");
        assertThat(assign.priority()).isEqualTo("high");
    }

    @Test
    void aClassificationRecordsTheCategorysPathAndTheTaxonomyVersion() {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, InfoType.COMPLAINT, "快递", "我的包裹丢了，快递员也联系不上。", null));

        List<ComplaintCommand> commands = commandsFor(id, 2);
        ClassifyComplaintCommand classify = (ClassifyComplaintCommand) commands.get(0);
        assertThat(classify.category()).isEqualTo("logistics/lost");
        assertThat(classify.actor().policy()).isEqualTo("default-routing@1+default-taxonomy@1");
        assertThat(((AssignDepartmentCommand) commands.get(1)).department()).isEqualTo("logistics");
    }

    @Test
    void aRescueRequestWithCoordinatesGoesToTheNearestOpenServicePoint() {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, InfoType.RESCUE_REQUEST, "车辆抛锚", "车在沪闵路上抛锚了，需要拖车。",
                new GeoLocation(31.1130, 121.3800)));

        AssignDepartmentCommand assign = (AssignDepartmentCommand) commandsFor(id, 2).get(1);
        assertThat(assign.department()).isEqualTo("sp-shanghai-minhang");
        assertThat(assign.priority()).isEqualTo("urgent");
        assertThat(assign.reason()).contains("nearest open service point");
    }

    @Test
    void theTextModelDecidesTheCategoryTheRulesLeaveOpen() {
        String id = ComplaintEventFixtures.newComplaintId();
        // no keyword of the rules in it
        publish(received(id, InfoType.COMPLAINT, null, "营业员一直低头玩手机，对顾客爱答不理", null));

        List<ComplaintCommand> commands = commandsFor(id, 2);
        ClassifyComplaintCommand classify = (ClassifyComplaintCommand) commands.get(0);
        assertThat(classify.category()).isEqualTo("service-attitude");
        assertThat(classify.classifiedBy()).startsWith("complaint-text@");
        assertThat(classify.confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(((AssignDepartmentCommand) commands.get(1)).department()).isEqualTo("service-quality");
    }

    @Test
    void aComplaintNoRuleMatchesGoesToTheFallbackQueue() {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, InfoType.COMPLAINT, "建议", "我有一些想法想反馈给你们。", null));

        List<ComplaintCommand> commands = commandsFor(id, 2);
        assertThat(((ClassifyComplaintCommand) commands.get(0)).classifiedBy()).isEqualTo("default-routing@1/default");
        AssignDepartmentCommand assign = (AssignDepartmentCommand) commands.get(1);
        assertThat(assign.department()).isEqualTo("triage");
        assertThat(assign.reason()).contains("fallback");
    }

    @Test
    void aDepartmentSeesItsComplaintsWholeAndInOrderAndATransferHandsTheWholeStoryOn() {
        String id = ComplaintEventFixtures.newComplaintId();
        String first = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Actor agent = Actor.user("agent-7");
        ComplaintEventEnvelope received = received(id, InfoType.COMPLAINT, "快递", "包裹丢了", null);
        publish(received);
        publish(event(new DepartmentAssignedEvent(id, first, "normal", "test", "default-routing@1",
                WEDNESDAY_MORNING, agent), 1));
        publish(event(new ProgressNotedEvent(id, "已联系快递公司", agent), 2));
        publish(event(new ComplaintTransferredEvent(id, first, second, "属于仓储问题", agent), 3));

        List<String> firstSees = types(Topic.departmentTopic(first), id, 4);
        assertThat(firstSees).containsExactly("ComplaintReceived", "DepartmentAssigned", "ProgressNoted",
                "ComplaintTransferred");
        List<String> secondSees = types(Topic.departmentTopic(second), id, 4);
        assertThat(secondSees).containsExactly("ComplaintReceived", "DepartmentAssigned", "ProgressNoted",
                "ComplaintTransferred");
        ConsumerRecord<String, byte[]> copy = kafka().readFirstWithKey(Topic.departmentTopic(first), id, PATIENCE);
        assertThat(copy.value()).isEqualTo(ComplaintEventFixtures.json(received));
        assertThat(KafkaTestClient.header(copy, EventHeaders.EVENT_ID)).isEqualTo(received.eventId());
    }

    @Test
    void aPersonsCorrectionIsKeptAsALabelledExampleForTheNextTraining() {
        String id = ComplaintEventFixtures.newComplaintId();
        publish(received(id, InfoType.COMPLAINT, "空调", "空调不制冷", null));
        ComplaintEventEnvelope correction = event(new ComplaintClassifiedEvent(id, InfoType.COMPLAINT, "after-sales",
                "general", List.of(), "supervisor-1", null, true, Actor.user("supervisor-1")), 1);
        publish(correction);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.sql(
                        "select category, text, corrected_by from classification_correction where event_id = ?")
                .param(correction.eventId())
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list()).containsExactly(List.of("after-sales", "空调\n空调不制冷", "supervisor-1")));
        // and the CLI can train on it
        web.get().uri("/api/v1/classification/corrections.csv").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(csv -> assertThat(csv).startsWith("text,label")
                        .contains("\"空调\n空调不制冷\",after-sales"));
    }

    @Test
    void anEventThatCanNeverBeHandledGoesToTheDeadLetterTopicAndItsComplaintWaitsUntilReleased() {
        String id = ComplaintEventFixtures.newComplaintId();
        String department = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Actor agent = Actor.user("agent-7");
        publish(received(id, InfoType.COMPLAINT, "快递", "包裹丢了", null));
        // no topic can be named after this department code
        publish(event(new DepartmentAssignedEvent(id, "Not A Code!", "normal", "test", "default-routing@1",
                WEDNESDAY_MORNING, agent), 1));
        publish(event(new DepartmentAssignedEvent(id, department, "normal", "test", "default-routing@1",
                WEDNESDAY_MORNING, agent), 2));

        var dead = kafka().readFirstWithKey("complaint.events.v1.routing-service.dlt", id, PATIENCE);
        assertThat(KafkaTestClient.header(dead, "kafka_dlt-exception-message")).contains("could not be handled");
        // the later assignment waits for an operator instead of overtaking the one that failed
        await().atMost(PATIENCE).untilAsserted(() -> web.get().uri("/api/v1/parked-complaints/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.waitingEvents").isEqualTo(1));

        // handling the bad assignment again fails again; skipping it lets the complaint carry on
        web.post().uri("/api/v1/parked-complaints/{id}/release", id)
                .bodyValue(java.util.Map.of("failedEvent", "retry")).exchange()
                .expectStatus().isEqualTo(409);
        web.post().uri("/api/v1/parked-complaints/{id}/release", id)
                .bodyValue(java.util.Map.of("failedEvent", "skip")).exchange()
                .expectStatus().isOk();
        assertThat(types(Topic.departmentTopic(department), id, 2)).containsExactly("ComplaintReceived",
                "DepartmentAssigned");
    }

    private List<String> types(String topic, String complaintId, int count) {
        return kafka().readUntil(topic, records -> records.stream().filter(r -> complaintId.equals(r.key()))
                        .count() >= count, PATIENCE).stream()
                .filter(r -> complaintId.equals(r.key()))
                .map(r -> KafkaTestClient.header(r, EventHeaders.EVENT_TYPE))
                .toList();
    }

    private static List<ComplaintCommand> commandsFor(String complaintId, int count) {
        return kafka().readUntil(Topic.COMPLAINT_COMMANDS.topicName(), records -> records.stream()
                        .filter(r -> complaintId.equals(r.key())).count() >= count, PATIENCE).stream()
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

    private static ComplaintEventEnvelope received(String id, InfoType infoType, String subject, String text,
            GeoLocation location) {
        return event(new ComplaintReceivedEvent(id, Channel.PHONE, "call-" + UUID.randomUUID(), WEDNESDAY_MORNING,
                new Complainant("王芳", "13800000000", null, null), subject, text, infoType, null, null, location,
                List.of(), null, null, null, Actor.customer(Channel.PHONE, "call-centre")), 0);
    }

    /** A complaint from a region, through a channel that says what it knows. */
    private static ComplaintEventEnvelope received(String id, Channel channel, String region, ChannelContext context,
            String subject, String text) {
        return event(new ComplaintReceivedEvent(id, channel, channel.name().toLowerCase() + "-" + UUID.randomUUID(),
                WEDNESDAY_MORNING, new Complainant("陈静", null, null, null), subject, text, InfoType.COMPLAINT, null,
                null, null, List.of(), region, "zh-CN", context, Actor.customer(channel, "adapter")), 0);
    }

    private static ComplaintEventEnvelope event(ComplaintEvent payload, long sequence) {
        return new ComplaintEventEnvelope(UUID.randomUUID().toString(), ComplaintEvent.typeName(payload.getClass()),
                "1", payload.complaintId(), sequence, WEDNESDAY_MORNING.plusSeconds(sequence), "corr",
                UUID.randomUUID().toString(), payload);
    }
}
