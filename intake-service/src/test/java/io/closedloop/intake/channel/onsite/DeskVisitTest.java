package io.closedloop.intake.channel.onsite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.closedloop.contract.Channel;
import io.closedloop.contract.ComplaintSubmission;
import io.closedloop.intake.channel.support.ChannelProblem;
import io.closedloop.intake.channel.support.Issue;
import io.closedloop.intake.channel.support.JsonPayload;
import io.closedloop.intake.channel.support.Lang;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DeskVisitTest {

    static ComplaintSubmission read(String json, Lang lang) throws Exception {
        return DeskVisit.read(JsonPayload.of(new ObjectMapper().readTree(json), lang), lang);
    }

    @Test
    void aDeskVisitIsAnOnsiteComplaintThatRecordsTheDeskAndTheAgent() throws Exception {
        ComplaintSubmission s = read("""
                {"visitId": "desk-1", "deskLocation": "浦东服务站 1号窗口", "agent": "desk-007",
                 "visitedAt": "2026-11-23T10:05:00+08:00", "customerName": "王芳", "customerPhone": "13812345678",
                 "text": "维修后仍然漏水", "language": "zh-CN"}
                """, Lang.ZH);

        assertThat(s.channel()).isEqualTo(Channel.ONSITE);
        assertThat(s.channelMessageId()).isEqualTo("desk-1");
        assertThat(s.channelContext().deskLocation()).isEqualTo("浦东服务站 1号窗口");
        assertThat(s.channelContext().agent()).isEqualTo("desk-007");
        assertThat(s.complainant().phone()).isEqualTo("13812345678");
    }

    @Test
    void theDeskTheAgentAndTheTimeAreRequiredAndSaidInTheAgentsLanguage() {
        ChannelProblem problem = catchThrowableOfType(ChannelProblem.class,
                () -> read("{\"visitId\": \"v\", \"text\": \"t\"}", Lang.ZH));

        assertThat(problem.issues()).extracting(Issue::field).containsExactlyInAnyOrder("deskLocation", "agent", "visitedAt");
        assertThat(problem.issues()).allSatisfy(i -> assertThat(i.words().zh()).isEqualTo("此项必填"));
    }
}
