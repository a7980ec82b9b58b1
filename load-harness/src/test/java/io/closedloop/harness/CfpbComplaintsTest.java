package io.closedloop.harness;

import io.closedloop.contract.Channel;
import io.closedloop.contract.ComplaintSubmission;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CfpbComplaintsTest {

    @Test
    void readsTheShippedSampleWhole() throws Exception {
        List<CfpbComplaints.Row> rows = CfpbComplaints.sample();
        assertThat(rows).hasSize(1000);
        assertThat(rows).extracting(CfpbComplaints.Row::complaintId).doesNotHaveDuplicates();
        assertThat(rows.get(0).product()).isEqualTo("Credit reporting, credit repair services, or other personal consumer reports");
        assertThat(rows.get(0).submittedVia()).isEqualTo("Web");
    }

    @Test
    void mapsEveryWayTheCfpbWasReachedToAChannel() {
        assertThat(CfpbComplaints.channel("Web")).isEqualTo(Channel.WEB);
        assertThat(CfpbComplaints.channel("Phone")).isEqualTo(Channel.PHONE);
        assertThat(CfpbComplaints.channel("Email")).isEqualTo(Channel.EMAIL);
        assertThat(CfpbComplaints.channel("Postal mail")).isEqualTo(Channel.LETTER);
        assertThat(CfpbComplaints.channel("Fax")).isEqualTo(Channel.LETTER);
        assertThat(CfpbComplaints.channel("Referral")).isEqualTo(Channel.REFERRAL);
    }

    @Test
    void aRowBecomesASubmissionIntakeAccepts() throws Exception {
        CfpbComplaints.Row row = CfpbComplaints.sample().get(0);
        ComplaintSubmission s = CfpbComplaints.submission(row);
        assertThat(s.channelMessageId()).isEqualTo("cfpb-3571115");
        assertThat(s.receivedAt()).isEqualTo(Instant.parse("2020-03-18T12:00:00Z"));
        assertThat(s.complainant().hasContact()).isTrue();
        assertThat(s.text()).isNotBlank();
        assertThat(s.region()).isEqualTo("US-FL");
    }

    @Test
    void expectedCountsComeFromTheCsvAlone() throws Exception {
        var expected = CfpbLoad.expected(CfpbComplaints.sample());
        assertThat(expected.get("channel").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
        assertThat(expected.get("product").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
        assertThat(expected.get("month").keySet()).allMatch(m -> m.endsWith("-01"));
    }
}
