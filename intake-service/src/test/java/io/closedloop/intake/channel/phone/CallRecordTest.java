package io.closedloop.intake.channel.phone;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.support.ChannelProblem;
import io.closedloop.intake.channel.support.Issue;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CallRecordTest {

    static ComplaintSubmission read(String json) throws Exception {
        return CallRecord.read(JsonPayload.of(new ObjectMapper().readTree(json), Lang.EN), Lang.EN);
    }

    @Test
    void aCallRecordIsAPhoneComplaintFromTheCallerKeyedByTheCallIdWithTheRecordingAttached() throws Exception {
        ComplaintSubmission s = read("""
                {"callId": "CC-20261123-000123", "callerNumber": "+86 138 1234 5678",
                 "startedAt": "2026-11-23T09:15:00+08:00", "agent": "agent-042", "notes": "热水壶漏水，要求换货",
                 "recordingRef": "https://recordings.example.com/r/123", "callerName": "王芳", "system": "genesys",
                 "durationSeconds": 312, "language": "zh-CN"}
                """);

        assertThat(s.channel()).isEqualTo(Channel.PHONE);
        assertThat(s.channelMessageId()).isEqualTo("CC-20261123-000123");
        assertThat(s.receivedAt()).isEqualTo(Instant.parse("2026-11-23T01:15:00Z"));
        assertThat(s.complainant().phone()).isEqualTo("+86 138 1234 5678");
        assertThat(s.complainant().name()).isEqualTo("王芳");
        assertThat(s.text()).isEqualTo("热水壶漏水，要求换货");
        assertThat(s.attachments()).singleElement().satisfies(a -> {
            assertThat(a.uri()).isEqualTo("https://recordings.example.com/r/123");
            assertThat(a.name()).contains("CC-20261123-000123", "312 s");
        });
        assertThat(s.channelContext().agent()).isEqualTo("agent-042");
        assertThat(s.channelContext().platform()).isEqualTo("genesys");
        assertThat(s.channelContext().publicPost()).isFalse();
        assertThat(s.language()).isEqualTo("zh-CN");
    }

    @Test
    void aWithheldNumberIsTakenWithACustomerId() throws Exception {
        ComplaintSubmission s = read("""
                {"callId": "c-1", "customerId": "C-1001", "startedAt": "2026-11-23T09:15:00Z", "notes": "n"}
                """);

        assertThat(s.complainant().customerId()).isEqualTo("C-1001");
        assertThat(s.complainant().phone()).isNull();
    }

    @Test
    void aBadRecordNamesEveryWrongFieldAndWhy() {
        ChannelProblem problem = catchThrowableOfType(ChannelProblem.class, () -> read("""
                {"startedAt": "yesterday", "recordingRef": "file:///tmp/r.wav", "durationSeconds": -3}
                """));

        assertThat(problem.issues()).extracting(Issue::field)
                .containsExactlyInAnyOrder("callId", "callerNumber", "startedAt", "notes", "recordingRef", "durationSeconds");
        assertThat(problem.issues()).filteredOn(i -> i.field().equals("startedAt"))
                .singleElement().satisfies(i -> assertThat(i.words().en()).startsWith("is not an ISO-8601 date-time"));
    }
}
