package io.closedloop.routing.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ChannelContext;
import io.closedloop.contract.GeoLocation;
import io.closedloop.contract.InfoType;
import io.closedloop.contract.json.ContractJson;
import io.closedloop.routing.rules.Router.Assignment;
import io.closedloop.routing.rules.Router.RuleClassification;
import io.closedloop.routing.taxonomy.Category;
import io.closedloop.routing.taxonomy.Taxonomy;
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

    static final Taxonomy TAXONOMY = readTaxonomy("/taxonomy/default-taxonomy.json");
    static final String TAXONOMY_VERSION = "default-taxonomy@1";

    @Test
    void theShippedRulesAreValid() {
        assertThat(RULES.problems()).isEmpty();
        assertThat(RULES.departments()).contains("quality", "after-sales", "logistics", "billing", "triage",
                "rescue-dispatch", "sp-shanghai-pudong", "pr-brand", "branch-guangdong");
    }

    @Test
    void theShippedRulesNameOnlyCategoriesOfTheShippedTaxonomy() {
        assertThat(RULES.problemsUnder(TAXONOMY, TAXONOMY_VERSION)).isEmpty();
        assertThat(RULES.namedCategories()).extracting(RoutingRules.NamedCategory::code)
                .contains("product-quality", "logistics/lost", "service-attitude/abuse");
    }

    // ---- categories are a tree: a rule about a category covers everything below it ----------------------------

    @Test
    void aConditionOnACategoryMatchesEveryCategoryBelowIt() {
        Condition quality = categories("product-quality");

        assertThat(quality.match(about("product-quality", null, null))).isEqualTo("");
        assertThat(quality.match(about("product-quality/brakes", null, null))).isEqualTo("");
        assertThat(quality.match(about("product-quality/brakes/noise", null, null))).isEqualTo("");
        assertThat(quality.match(about("product-quality-extra", null, null))).as("a sibling sharing a prefix")
                .isNull();
        assertThat(quality.match(about("after-sales", null, null))).isNull();
        assertThat(categories("product-quality/brakes").match(about("product-quality", null, null)))
                .as("a rule about a child does not cover its parent").isNull();
    }

    @Test
    void aSecondLevelCategoryIsRecordedAsItsPathAndRoutedByTheRuleForItsParent() {
        RoutingInput in = input(InfoType.COMPLAINT, "快递", "我的包裹丢了，快递员也联系不上。");

        RuleClassification c = Router.classify(in, RULES).orElseThrow();
        assertThat(c.category()).isEqualTo("logistics/lost");
        assertThat(TAXONOMY.path(c.category())).extracting(Category::zh).containsExactly("物流", "丢件");
        Assignment assignment = Router.assign(classified(in, c), RULES, VERSION);
        assertThat(assignment.department()).isEqualTo("logistics");
        assertThat(assignment.reason()).startsWith("rule route-logistics").contains("category within [logistics]");
    }

    @Test
    void anAbusiveAgentIsASecondLevelCategoryWithItsOwnPriority() {
        RoutingInput in = input(InfoType.COMPLAINT, "Rude agent", "The agent swore at me on the phone.");

        RuleClassification c = Router.classify(in, RULES).orElseThrow();
        assertThat(c.category()).isEqualTo("service-attitude/abuse");
        Assignment assignment = Router.assign(classified(in, c), RULES, VERSION);
        assertThat(assignment.department()).isEqualTo("service-quality");
        assertThat(assignment.priority()).isEqualTo("high");
    }

    @Test
    void rulesNamingACategoryTheTaxonomyLacksAreRefusedNamingTheFieldAndTheCodeMeant() {
        RoutingRules rules = new RoutingRules("draft",
                List.of(new ClassificationRule("c1", "x", new Condition(null, null, null, null, null,
                        List.of("刹车"), null, null), null, "brakes", null)),
                List.of(new RoutingRule("r1", "x", categories("售后服务"), "after-sales", "normal"),
                        new RoutingRule("r2", "x", categories("product-quality/brakes/noise"), "quality", "high")),
                List.of(), "triage", "normal", "rescue-dispatch");

        assertThat(rules.problems()).isEmpty();
        assertThat(rules.problemsUnder(TAXONOMY, TAXONOMY_VERSION)).containsExactly(
                "classification[0].category: 'brakes' is not a category of default-taxonomy@1; rules name categories "
                        + "by code: did you mean 'product-quality/brakes' (制动系统)?",
                "routing[0].when.categories: '售后服务' is not a category of default-taxonomy@1; rules name "
                        + "categories by code: did you mean 'after-sales' (售后服务)?");
    }

    // ---- region: the province's branch ---------------------------------------------------------------------

    @Test
    void aConditionOnRegionsMatchesExactlyOrByPrefixIgnoringCaseAndNeverWithoutARegion() {
        Condition shanghai = regions("上海市*");
        Condition pudongOrCode = regions("上海市浦东新区", "CN-EAST");

        assertThat(shanghai.match(about("other", "上海市浦东新区", null))).isEqualTo("");
        assertThat(shanghai.match(about("other", "上海市", null))).isEqualTo("");
        assertThat(shanghai.match(about("other", "江苏省苏州市", null))).isNull();
        assertThat(shanghai.match(about("other", null, null))).as("no region").isNull();
        assertThat(pudongOrCode.match(about("other", " 上海市浦东新区 ", null))).isEqualTo("");
        assertThat(pudongOrCode.match(about("other", "上海市浦东新区张江镇", null))).as("exact, not a prefix").isNull();
        assertThat(pudongOrCode.match(about("other", "cn-east", null))).as("a sales-region code, any case")
                .isEqualTo("");
        assertThat(pudongOrCode.describe()).isEqualTo("region in [上海市浦东新区, CN-EAST]");
    }

    @Test
    void afterSalesFromGuangdongGoesToTheGuangdongBranchAndFromElsewhereToHeadOffice() {
        String repair = "空调维修三次还是不制冷，维修站一直推脱。";

        Assignment shenzhen = Router.assign(from("广东省深圳市南山区", "维修", repair), RULES, VERSION);
        assertThat(shenzhen.department()).isEqualTo("branch-guangdong");
        assertThat(shenzhen.reason()).startsWith("rule route-guangdong-branch").contains("广东省*");
        assertThat(Router.assign(from("cn-gd", "维修", repair), RULES, VERSION).department())
                .as("by sales-region code").isEqualTo("branch-guangdong");
        assertThat(Router.assign(from("上海市浦东新区", "维修", repair), RULES, VERSION).department())
                .isEqualTo("after-sales");
        assertThat(Router.assign(from(null, "维修", repair), RULES, VERSION).department()).isEqualTo("after-sales");
        // quality stays with the central quality department, wherever it comes from
        assertThat(Router.assign(from("广东省广州市", "质量", "冰箱质量太差，用了一周就坏了"), RULES, VERSION)
                .department()).isEqualTo("quality");
    }

    @Test
    void regionConditionsThatCannotWorkAreRefusedNamingTheEntry() {
        Condition bad = regions("", "*", "上海*市");

        assertThat(bad.problems("routing[0].when")).containsExactly(
                "routing[0].when.regions[0]: must not be blank",
                "routing[0].when.regions[1]: '*' alone would match every region with one; leave regions out to "
                        + "match every complaint",
                "routing[0].when.regions[2]: '*' may only end a region, as a prefix: e.g. 上海市*");
    }

    // ---- public posts: PR and brand answer in public -------------------------------------------------------

    @Test
    void aPublicSocialPostGoesToPrAndBrandWithHighPriorityAndAPrivateMessageDoesNot() {
        Assignment post = Router.assign(about("after-sales", "上海市", publicPost(true)), RULES, VERSION);
        assertThat(post.department()).isEqualTo("pr-brand");
        assertThat(post.priority()).isEqualTo("high");
        assertThat(post.reason()).startsWith("rule route-public-post: public post");

        assertThat(Router.assign(about("after-sales", "上海市", publicPost(false)), RULES, VERSION).department())
                .isEqualTo("after-sales");
        assertThat(Router.assign(about("after-sales", "上海市", null), RULES, VERSION).department())
                .as("the channel does not say").isEqualTo("after-sales");
    }

    @Test
    void aMajorQualityIssuePostedInPublicStillGoesToQualityFirst() {
        RoutingInput major = new RoutingInput(InfoType.COMPLAINT, "product-quality/brakes/failure", "major", null,
                Channel.SOCIAL, "刹车失灵", "高速上刹车失灵，差点出事", null, WEDNESDAY_MORNING, "广东省深圳市",
                publicPost(true));

        assertThat(Router.assign(major, RULES, VERSION).department()).isEqualTo("quality");
    }

    @Test
    void aConditionCanAlsoAskForPrivateMessagesOnly() {
        Condition privateOnly = new Condition(null, null, null, null, null, null, null, false);

        assertThat(privateOnly.match(about("other", null, publicPost(false)))).isEqualTo("");
        assertThat(privateOnly.match(about("other", null, null))).isEqualTo("");
        assertThat(privateOnly.match(about("other", null, publicPost(true)))).isNull();
        assertThat(privateOnly.describe()).isEqualTo("not a public post");
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
        return new RoutingInput(infoType, null, null, null, Channel.WEB, subject, text, null, WEDNESDAY_MORNING, null,
                null);
    }

    /** A complaint from a region, classified by the shipped rules. */
    private static RoutingInput from(String region, String subject, String text) {
        RoutingInput in = new RoutingInput(InfoType.COMPLAINT, null, null, null, Channel.WEB, subject, text, null,
                WEDNESDAY_MORNING, region, null);
        return Router.classify(in, RULES).map(c -> classified(in, c)).orElse(in);
    }

    /** A complaint already classified, for conditions on fields only. */
    private static RoutingInput about(String category, String region, ChannelContext context) {
        return new RoutingInput(InfoType.COMPLAINT, category, "general", null, Channel.SOCIAL, "s", "t", null,
                WEDNESDAY_MORNING, region, context);
    }

    private static ChannelContext publicPost(boolean visible) {
        return new ChannelContext("weibo", "https://weibo.example/p/1", visible, 12_000L, null, null);
    }

    private static Condition regions(String... regions) {
        return new Condition(null, null, null, null, null, null, List.of(regions), null);
    }

    private static Condition categories(String... categories) {
        return new Condition(null, java.util.Set.of(categories), null, null, null, null, null, null);
    }

    private static RoutingInput rescue(GeoLocation where, Instant at) {
        return new RoutingInput(InfoType.RESCUE_REQUEST, null, null, null, Channel.PHONE, "车辆抛锚",
                "车在高架上抛锚了", where, at, null, null);
    }

    private static Instant shanghai(String local) {
        return ZonedDateTime.parse(local + "+08:00[Asia/Shanghai]").toInstant();
    }

    static Taxonomy readTaxonomy(String resource) {
        try (InputStream in = RouterTest.class.getResourceAsStream(resource)) {
            return STRICT.readValue(in, Taxonomy.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RoutingRules read(String resource) {
        try (InputStream in = RouterTest.class.getResourceAsStream(resource)) {
            return STRICT.readValue(in, RoutingRules.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
