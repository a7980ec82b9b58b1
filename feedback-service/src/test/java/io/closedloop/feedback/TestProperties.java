package io.closedloop.feedback;

import io.closedloop.feedback.config.FeedbackProperties;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/** The service's settings as application.yml has them, for unit tests that need no Spring context. */
public final class TestProperties {

    private TestProperties() {
    }

    public static FeedbackProperties defaults() {
        return new FeedbackProperties("zh", "https://feedback.example.com/", ZoneId.of("Asia/Shanghai"),
                new FeedbackProperties.Mail("feedback@example.com", "客户服务中心 Customer Service",
                        Duration.ofSeconds(2), 50, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofDays(7),
                        Duration.ofMinutes(3), FeedbackProperties.Journal.OFF),
                new FeedbackProperties.Commands(Duration.ofMillis(200), Duration.ofSeconds(35)),
                new FeedbackProperties.Survey(Duration.ofDays(30), 2),
                new FeedbackProperties.Closing(Duration.ofDays(3), Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofMinutes(1)),
                new FeedbackProperties.Repeat(Duration.ofDays(30), 0.35),
                new FeedbackProperties.Compensation(
                        Map.of("team-lead", Map.of("CNY", new BigDecimal("500")),
                                "director", Map.of("CNY", new BigDecimal("100000"), "USD", new BigDecimal("10000"))),
                        Map.of("zhang.wei", "team-lead", "wang.qiang", "director")));
    }
}
