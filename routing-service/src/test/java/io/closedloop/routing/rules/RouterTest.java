package io.closedloop.routing.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.Channel;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.routing.rules.Router.Assignment;
import io.closedloop.routing.rules.Router.RuleClassification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped default routing rules, applied to complaints in Chinese and English. */
class RouterTest {

    static final ObjectMapper STRICT = ContractJson.configure(JsonMapper.builder().build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final RoutingRules RULES = read("/rules/default-routing.json");
    static final String VERSION = "default-routing@1";
    /** Wednesday 2026-03-11 10:00 in Shanghai: every service point is open. */
    static final Instant WEDNESDAY_MORNING = shanghai("2026-03-11T10:00");

    @Test
    void theShippedRulesAreValid() {
        assertThat(RULES.problems()).isEmpty();
        assertThat(RULES.departments()).contains("quality", "after-sales", "logistics", "billing", "triage",
                "rescue-dispatch", "sp-shanghai-pudong");
    }

    @Test
    void aChineseComplaintAboutSquealingBrakesIsAMajorQualityIssueForTheQualityDepartment() {
        RoutingInput in = input(null, "刹车异响", "新车刹车有异响，4S店说正常。");

        RuleClassification classification = Router.classify(in, RULES).orElseThrow();
        assertThat(classification.category()).isEqualTo("product-quality");
        assertThat(classification.severity()).isEqualTo("major");
        assertThat(classification.ruleIds()).containsExactly("quality", "safety");
        assertThat(classification.keywords()).containsExactly("异响", "刹车");

        Assignment assignment = Router.assign(classified(in, classification), RULES, VERSION);
        assertThat(assignment.department()).isEqualTo("quality");
        assertThat(assignment.priority()).isEqualTo("high");
        assertThat(assignment.reason()).startsWith("rule route-quality-major");
        assertThat(assignment.rulesVersion()).isEqualTo(VERSION);
    }

    @Test
    void anEnglishComplaintAboutALateParcelGoesToLogistics() {
        RoutingInput in = input(InfoType.COMPLAINT, "Parcel two weeks late", "My PARCEL is two weeks late.");

        RuleClassification classification = Router.classify(in, RULES).orElseThrow();
        assertThat(classification.category()).isEqualTo("logistics");
        assertThat(Router.assign(classified(in, classification), RULES, VERSION).department()).isEqualTo("logistics");
    }

    @Test
    void aComplaintThreateningTheMediaIsAnExternalComplaintForPrAndLegalWhateverItsCategory() {
        RoutingInput in = input(InfoType.COMPLAINT, "退款", "再不退款我就找媒体曝光。");

        RuleClassification classification = Router.classify(in, RULES).orElseThrow();
        assertThat(classification.infoType()).isEqualTo(InfoType.EXTERNAL_COMPLAINT);
        assertThat(classification.category()).isEqualTo("price");
        Assignment assignment = Router.assign(classified(in, classification), RULES, VERSION);
        assertThat(assignment.department()).isEqualTo("pr-legal");
        assertThat(assignment.priority()).isEqualTo("urgent");
    }

    @Test
    void aComplaintNoRuleMatchesGoesToTheFallbackQueueAndIsNeverDropped() {
        RoutingInput in = input(InfoType.COMPLAINT, "其他", "我有一些想法想反馈。");

        assertThat(Router.classify(in, RULES)).isEmpty();
        Assignment assignment = Router.assign(in, RULES, VERSION);
        assertThat(assignment.department()).isEqualTo("triage");
        assertThat(assignment.fallback()).isTrue();
        assertThat(assignment.reason()).contains("fallback");
    }

    @Test
    void aRescueRequestGoesToTheNearestServicePointThatIsOpen() {
        // in Minhang, closer to the Minhang point than to Pudong
        GeoLocation minhang = new GeoLocation(31.1130, 121.3800);

        Assignment weekday = Router.assign(rescue(minhang, WEDNESDAY_MORNING), RULES, VERSION);
        assertThat(weekday.department()).isEqualTo("sp-shanghai-minhang");
        assertThat(weekday.priority()).isEqualTo("urgent");
        assertThat(weekday.reason()).contains("nearest open service point sp-shanghai-minhang").contains("km");

        // Saturday night: Minhang (weekdays 9-18) and Pudong (8-20) are closed, the 24-hour station is not
        Assignment saturdayNight = Router.assign(rescue(minhang, shanghai("2026-03-14T23:30")), RULES, VERSION);
        assertThat(saturdayNight.department()).isEqualTo("sp-shanghai-24h");
    }

    @Test
    void aRescueRequestWithoutALocationGoesToRescueDispatch() {
        Assignment assignment = Router.assign(rescue(null, WEDNESDAY_MORNING), RULES, VERSION);

        assertThat(assignment.department()).isEqualTo("rescue-dispatch");
    }

    @Test
    void aNightShiftIsOpenAfterMidnightOnTheMorningAfterOneOfItsDays() {
        var night = new ServicePoint("sp-night", "night", 31.0, 121.0, "Asia/Shanghai", List.of(
                new ServicePoint.OpeningHours(java.util.Set.of(java.time.DayOfWeek.FRIDAY),
                        java.time.LocalTime.of(22, 0), java.time.LocalTime.of(6, 0))));

        assertThat(night.openAt(shanghai("2026-03-13T23:00"))).as("Friday 23:00").isTrue();
        assertThat(night.openAt(shanghai("2026-03-14T05:59"))).as("Saturday 05:59").isTrue();
        assertThat(night.openAt(shanghai("2026-03-14T06:00"))).as("Saturday 06:00").isFalse();
        assertThat(night.openAt(shanghai("2026-03-13T21:59"))).as("Friday 21:59").isFalse();
    }

    @Test
    void rulesThatCannotWorkAreRefusedWithEveryFieldNamed() {
        RoutingRules bad = new RoutingRules("Bad Name",
                List.of(new ClassificationRule("c1", "nothing decided", Condition.always(), null, null, null)),
                List.of(new RoutingRule("r1", "x", Condition.always(), "Not A Code", "whenever"),
                        new RoutingRule("r1", "twice", null, "quality", "normal")),
                List.of(new ServicePoint("sp-1", "", 91.0, null, "Mars/Olympus", List.of())),
                null, "normal", "rescue-dispatch");

        assertThat(bad.problems()).contains(
                "name: must match [a-z0-9][a-z0-9-]{0,39}",
                "classification[0]: give at least one of infoType, category, severity",
                "routing[0].department: must be a department code: lower-case letters, digits and -, at most 63",
                "routing[0].priority: must be one of [high, low, normal, urgent]",
                "routing[1].when: is required (an empty object matches every complaint)",
                "routing[1].ruleId: 'r1' is used twice",
                "servicePoints[0].name: is required",
                "servicePoints[0].lat: is required, between -90 and 90",
                "servicePoints[0].lon: is required, between -180 and 180",
                "servicePoints[0].zone: is not a time zone, e.g. Asia/Shanghai",
                "fallbackDepartment: must be a department code: lower-case letters, digits and -, at most 63");
    }

    @Test
    void aSafetyIssueAskedAsAQuestionStillGoesToQualityAsMajor() {
        RoutingInput in = input(null, "请问", "请问刹车失灵怎么办？");

        RuleClassification c = Router.classify(in, RULES).orElseThrow();
        assertThat(c.infoType()).isEqualTo(InfoType.INQUIRY);
        assertThat(c.severity()).isEqualTo("major");
        Assignment assignment = Router.assign(classified(in, c), RULES, VERSION);
        assertThat(assignment.department()).isEqualTo("quality");
        assertThat(assignment.priority()).isEqualTo("high");
    }

    @Test
    void latinKeywordsMatchWholeWordsOnlyWhileChineseOnesMatchAnywhere() {
        assertThat(Condition.occurs("rude", "a prudent answer")).isFalse();
        assertThat(Condition.occurs("rude", "the agent was rude.")).isTrue();
        assertThat(Condition.occurs("fire", "i was fired")).isFalse();
        assertThat(Condition.occurs("breakdown", "a breakdown of my bill")).isTrue();
        assertThat(Condition.occurs("broke down", "my car broke down on the highway")).isTrue();
        assertThat(Condition.occurs("12315", "我要打12315投诉")).isTrue();
        assertThat(Condition.occurs("异响", "刹车有异响")).isTrue();
        assertThat(Router.classify(input(InfoType.COMPLAINT, "bill", "Thanks for a prudent and friendly answer"),
                RULES)).isEmpty();
    }

    private static RoutingInput classified(RoutingInput in, RuleClassification c) {
        return in.classifiedAs(c.infoType(), c.category(), c.severity());
    }

    private static RoutingInput input(InfoType infoType, String subject, String text) {
        return new RoutingInput(infoType, null, null, null, Channel.WEB, subject, text, null, WEDNESDAY_MORNING);
    }

    private static RoutingInput rescue(GeoLocation where, Instant at) {
        return new RoutingInput(InfoType.RESCUE_REQUEST, null, null, null, Channel.PHONE, "车辆抛锚",
                "车在高架上抛锚了", where, at);
    }

    private static Instant shanghai(String local) {
        return ZonedDateTime.parse(local + "+08:00[Asia/Shanghai]").toInstant();
    }

    static RoutingRules read(String resource) {
        try (InputStream in = RouterTest.class.getResourceAsStream(resource)) {
            return STRICT.readValue(in, RoutingRules.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
