package io.hookwarden.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void requeueTakesSeveralEventIds() {
        CommandLine cli = CommandLine.parse("requeue", "--event-id", "a", "b", "--event-id", "c", "--sources", "/etc/s");
        assertThat(cli.command()).isEqualTo("requeue");
        assertThat(cli.options()).containsEntry("event-id", "a,b,c").containsEntry("sources", "/etc/s");
    }

    @Test
    void replayFlagsNeedNoValue() {
        CommandLine cli = CommandLine.parse("replay", "--source", "shop", "--from-dlq", "--rate", "50/s", "--dry-run",
                "--since=2026-01-01T00:00:00Z");
        assertThat(cli.options()).isEqualTo(Map.of("source", "shop", "from-dlq", "true", "rate", "50/s", "dry-run", "true",
                "since", "2026-01-01T00:00:00Z"));
    }

    @Test
    void workerIsACommandAndStrayArgumentsAreNot() {
        assertThat(CommandLine.parse("worker", "--port", "8081").options()).containsEntry("port", "8081");
        assertThatThrownBy(() -> CommandLine.parse("requeue", "--event-id")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> CommandLine.parse("replay", "from-dlq")).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> CommandLine.parse("deliver")).hasMessageContaining("unknown command");
    }
}
