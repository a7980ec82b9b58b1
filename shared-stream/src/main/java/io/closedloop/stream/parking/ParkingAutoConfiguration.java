package io.closedloop.stream.parking;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * Parking for a service that follows {@code complaint.events.v1}: it declares what a release does with the events
 * that waited (a {@link ParkedComplaintRelease.EventHandling} bean, the same work its stream consumer does for a first
 * delivery) and gets the parked complaints, their release, the operators' endpoint and its problem answers. Its
 * error handler parks a complaint ({@link ParkedComplaints#park}) before dead-lettering its record, its consumer holds
 * the later events of a parked complaint, and its database has the tables (see {@link ParkedComplaints}).
 */
@AutoConfiguration
@ConditionalOnBean(ParkedComplaintRelease.EventHandling.class)
public class ParkingAutoConfiguration {

    @Bean
    ParkedComplaints parkedComplaints(JdbcClient jdbc) {
        return new ParkedComplaints(jdbc);
    }

    @Bean
    ParkedComplaintRelease parkedComplaintRelease(ParkedComplaints parked,
            ParkedComplaintRelease.EventHandling handling, TransactionTemplate transactions, JdbcClient jdbc,
            Clock clock) {
        return new ParkedComplaintRelease(parked, handling, transactions, jdbc, clock);
    }

    @Bean
    ParkedComplaintsController parkedComplaintsController(ParkedComplaints parked, ParkedComplaintRelease release) {
        return new ParkedComplaintsController(parked, release);
    }

    @Bean
    EventDeliveries eventDeliveries(MeterRegistry meters, ParkedComplaints parked) {
        return new EventDeliveries(meters, parked);
    }

    @Bean
    ParkingProblems parkingProblems() {
        return new ParkingProblems();
    }
}
