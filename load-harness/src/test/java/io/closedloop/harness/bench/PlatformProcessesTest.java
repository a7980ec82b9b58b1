package io.closedloop.harness.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformProcessesTest {

    @Test
    void theBootstrapAddressIsTheFirstListenerWithoutItsScheme() {
        assertThat(PlatformProcesses.bootstrap("PLAINTEXT://localhost:19092")).isEqualTo("localhost:19092");
        assertThat(PlatformProcesses.bootstrap("SASL_PLAINTEXT://localhost:9093,CONTROLLER://localhost:9094"))
                .isEqualTo("localhost:9093");
    }

    @Test
    void readsAWholeCommandLineFromProc() {
        assertThat(PlatformProcesses.commandLine(ProcessHandle.current().pid())).isNotEmpty();
        assertThat(PlatformProcesses.commandLine(-5)).isEmpty();
    }
}
