package io.closedloop.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.closedloop.contract.json.ContractJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A complaint as channels hand it in on {@code complaint.intake.v1} and {@code POST /api/v1/complaints}, pinned by
 * {@code src/test/resources/golden/submission.json} (regenerate with {@code -Dgolden.update=true}, see
 * {@link GoldenFiles}).
 */
class ComplaintSubmissionJsonTest {

    private static final String GOLDEN = "submission.json";

    private final ObjectMapper mapper = ContractJson.mapper();

    private static String golden() {
        return GoldenFiles.golden(GOLDEN, ContractSamples.submission(), ComplaintSubmission.class);
    }

    @Test
    void theSampleSubmissionIsWrittenExactlyAsTheGoldenFile() throws Exception {
        String actual = mapper.writeValueAsString(ContractSamples.submission());

        GoldenFiles.assertMatchesGolden("JSON of the sample submission", golden(), actual);
    }

    @Test
    void theGoldenFileIsReadBackAsTheSampleSubmissionIncludingChineseText() throws Exception {
        ComplaintSubmission read = mapper.readValue(golden(), ComplaintSubmission.class);

        assertThat(read).isEqualTo(ContractSamples.submission());
        assertThat(read.subject()).isEqualTo("刹车异响 / brake noise");
        assertThat(read.attachments()).extracting(AttachmentRef::name).contains("购车发票.pdf");
    }

    @Test
    void theGoldenFileUsesWireCodesAndIsoTimestamps() throws Exception {
        var golden = mapper.readTree(golden());

        assertThat(golden.path("channel").asText()).isEqualTo("web");
        assertThat(golden.path("infoType").asText()).isEqualTo("complaint");
        assertThat(golden.path("receivedAt").asText()).isEqualTo("2026-09-30T09:55:00Z");
    }

    @Test
    void fieldsUnknownToThisReaderAreIgnoredSoProducersCanAddFields() throws Exception {
        ObjectNode json = (ObjectNode) GoldenFiles.exactTree(golden());
        json.put("priorityHint", "VIP");
        json.putObject("deviceInfo").put("os", "HarmonyOS 5").put("app", "我的汽车 3.2");
        ((ObjectNode) json.get("complainant")).put("wechatId", "wangfang_88");
        ((ObjectNode) json.get("attachments").get(0)).put("sizeBytes", 18_874_368);

        ComplaintSubmission read = mapper.readValue(json.toString(), ComplaintSubmission.class);

        assertThat(read).isEqualTo(ContractSamples.submission());
    }

    @ParameterizedTest(name = "channel \"{0}\"")
    @ValueSource(strings = {"fax", "WEB", "Web", ""})
    void anUnknownChannelValueIsRejected(String channel) throws Exception {
        ObjectNode json = (ObjectNode) GoldenFiles.exactTree(golden());
        json.put("channel", channel);

        assertThatThrownBy(() -> mapper.readValue(json.toString(), ComplaintSubmission.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining(Channel.class.getName())
                .hasMessageContaining("\"" + channel + "\"");
    }

    @Test
    void anUnknownInfoTypeValueIsRejected() throws Exception {
        ObjectNode json = (ObjectNode) GoldenFiles.exactTree(golden());
        json.put("infoType", "praise");

        assertThatThrownBy(() -> mapper.readValue(json.toString(), ComplaintSubmission.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining(InfoType.class.getName())
                .hasMessageContaining("\"praise\"");
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void everyChannelTravelsAsItsLowerCaseCode(Channel channel) throws Exception {
        String json = mapper.writeValueAsString(channel);

        assertThat(json).isEqualTo("\"" + channel.code() + "\"");
        assertThat(mapper.readValue(json, Channel.class)).isEqualTo(channel);
    }

    @ParameterizedTest
    @EnumSource(InfoType.class)
    void everyInfoTypeTravelsAsItsLowerCaseCode(InfoType infoType) throws Exception {
        String json = mapper.writeValueAsString(infoType);

        assertThat(json).isEqualTo("\"" + infoType.code() + "\"");
        assertThat(mapper.readValue(json, InfoType.class)).isEqualTo(infoType);
    }

    @Test
    void aReceivedAtInTheChannelsLocalOffsetIsReadAsTheSameInstant() throws Exception {
        ObjectNode json = (ObjectNode) GoldenFiles.exactTree(golden());
        json.put("receivedAt", "2026-09-30T17:55:00+08:00");

        ComplaintSubmission read = mapper.readValue(json.toString(), ComplaintSubmission.class);

        assertThat(read.receivedAt()).isEqualTo(Instant.parse("2026-09-30T09:55:00Z"));
    }

    @Test
    void absentOptionalFieldsAreLeftOutOfTheJson() throws Exception {
        ComplaintSubmission minimal = new ComplaintSubmission(Channel.PHONE, "CALL-7781",
                Instant.parse("2026-09-30T09:55:00Z"), new Complainant(null, "+86 138 0013 8000", null, null),
                null, "车在高速上抛锚了 / the car broke down on the motorway", InfoType.RESCUE_REQUEST, null, null,
                null, null, null, null, null);

        String json = mapper.writeValueAsString(minimal);

        JSONAssert.assertEquals("""
                {"channel":"phone","channelMessageId":"CALL-7781","receivedAt":"2026-09-30T09:55:00Z",
                 "complainant":{"phone":"+86 138 0013 8000"},
                 "text":"车在高速上抛锚了 / the car broke down on the motorway","infoType":"rescue_request"}
                """, json, JSONCompareMode.STRICT);
        assertThat(mapper.readValue(json, ComplaintSubmission.class)).isEqualTo(minimal);
    }
}
