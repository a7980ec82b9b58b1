package io.closedloop.feedback;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/**
 * Closes the loop with the customer (闭环). It reads every complaint event from {@code complaint.events.v1}, once
 * (its inbox), and on a resolution writes to the customer (mail and printable letter, Chinese or English) with a
 * survey link; what the customer answers reopens or closes the complaint; a quiet period closes it by rule, an
 * overdue one is chased; repeats are marked; compensation is proposed, approved within limits and paid; dissatisfied
 * customers get a care task. Every decision is a row in its own database, written with the decision: mail and
 * commands go out from outboxes, so nothing is lost while the mail server or the broker is away, and nothing is
 * sent twice.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FeedbackServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedbackServiceApplication.class, args);
    }

    /** The service's only source of "now", so that tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
