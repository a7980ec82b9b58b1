package io.closedloop.intake.channel.email.ack;

import io.closedloop.intake.channel.email.settings.EmailProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgementsTest {

    final Acknowledgements acknowledgements = new Acknowledgements(null, new EmailProperties(true,
            "complaints@example.com", null, new EmailProperties.Ack(true, "complaints@example.com", "Service",
            "https://complaints.example.com/status.html", ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofMinutes(5), 50)));

    static Acknowledgements.About about(String name, boolean chinese) {
        return new Acknowledgements.About("c-1", "FPEK-M0PT-G", "wang.fang@example.com", name, "热水壶漏水",
                Instant.parse("2026-11-23T01:15:00Z"), chinese, "m-1@example.com");
    }

    @Test
    void aChineseAcknowledgementNamesTheMailTheLocalTimeTheTrackingNumberAndTheStatusPage() {
        String body = acknowledgements.body(about("王芳", true), true);

        assertThat(body).startsWith("尊敬的王芳您好：").contains("2026年11月23日 09:15", "《热水壶漏水》",
                "查询编号：FPEK-M0PT-G", "https://complaints.example.com/status.html");
    }

    @Test
    void withoutANameTheGreetingStaysPolite() {
        assertThat(acknowledgements.body(about(null, true), true)).startsWith("您好：");
        assertThat(acknowledgements.body(about(null, false), false)).startsWith("Hello,");
    }

    @Test
    void anEnglishAcknowledgementSaysTheSameInEnglish() {
        String body = acknowledgements.body(about("Li Wei", false), false);

        assertThat(body).startsWith("Dear Li Wei,").contains("23 Nov 2026, 09:15", "Tracking number: FPEK-M0PT-G",
                "https://complaints.example.com/status.html");
    }
}
