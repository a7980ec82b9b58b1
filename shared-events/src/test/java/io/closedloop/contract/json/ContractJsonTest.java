package io.closedloop.contract.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.closedloop.contract.ContractSamples;
import io.closedloop.contract.Deadline;
import io.closedloop.contract.GoldenFiles;
import io.closedloop.contract.event.ComplaintEventEnvelope;
import io.closedloop.contract.event.ComplaintReceivedEvent;
import io.closedloop.contract.event.CompensationApprovedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The one JSON configuration of the contract, as used on every topic and in the event store. */
class ContractJsonTest {

    @Test
    void instantsAreWrittenAsIsoStringsNotNumbers() throws Exception {
        String json = ContractJson.mapper().writeValueAsString(Instant.parse("2026-09-30T09:55:00Z"));

        assertThat(json).isEqualTo("\"2026-09-30T09:55:00Z\"");
    }

    @Test
    void absentValuesAreLeftOut() throws Exception {
        Deadline withoutWarning = new Deadline("resolve", "ComplaintResolved", Instant.parse("2026-09-30T09:55:00Z"),
                null, Instant.parse("2026-10-09T09:55:00Z"), "cn-mainland@2026.1", "default-clocks@3");

        String json = ContractJson.mapper().writeValueAsString(withoutWarning);

        assertThat(json).doesNotContain("warnAt").doesNotContain("null");
    }

    @Test
    void moneyIsWrittenAsAJsonNumberWithItsScale() throws Exception {
        String json = ContractJson.mapper().writeValueAsString(ContractSamples.cny("199.00"));

        assertThat(json).isEqualTo("{\"amount\":199.00,\"currency\":\"CNY\"}");
    }

    @Test
    void chineseTextIsWrittenAsUtf8CharactersNotEscapes() throws Exception {
        String json = ContractJson.mapper().writeValueAsString(ContractSamples.submission());

        assertThat(json).contains("刹车异响 / brake noise").doesNotContain("\\u");
    }

    @Test
    void aMapperThatSomeoneElseBuiltWritesAndReadsTheSameJsonOnceConfigured() throws Exception {
        ObjectMapper springLike = ContractJson.configure(JsonMapper.builder().findAndAddModules().build());
        ComplaintEventEnvelope received = ContractSamples.envelope(ComplaintReceivedEvent.class);
        ComplaintEventEnvelope approved = ContractSamples.envelope(CompensationApprovedEvent.class);

        for (ComplaintEventEnvelope envelope : new ComplaintEventEnvelope[] {received, approved}) {
            String expected = ContractJson.mapper().writeValueAsString(envelope);
            String actual = springLike.writeValueAsString(envelope);

            GoldenFiles.assertMatchesGolden("JSON of " + envelope.type(), expected, actual);
            assertThat(springLike.readValue(expected, ComplaintEventEnvelope.class)).isEqualTo(envelope);
        }
    }

    @Test
    void configureReturnsTheMapperItWasGiven() {
        ObjectMapper mapper = new ObjectMapper();

        assertThat(ContractJson.configure(mapper)).isSameAs(mapper);
    }
}
