package io.closedloop.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** intake-service: the complaint stream's only writer. See the README's canvas for what it takes and sends. */
@SpringBootApplication
public class IntakeServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntakeServiceApplication.class, args);
    }
}
