package io.hookwarden.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hookwarden.operator.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules the operator renders, checked and unit-tested by Prometheus' own promtool
 * (src/test/promtool/hookwarden-rules-test.yaml). Fails, never skips, without promtool:
 * src/test/promtool/install.sh installs it.
 */
class AlertRulesPromtoolTest {
    private static final Path WORK = Path.of("target/promtool");
    private static final Path RULES = WORK.resolve("hookwarden-rules.yaml");
    private static final Path TESTS = WORK.resolve("hookwarden-rules-test.yaml");

    @BeforeAll
    static void writeRenderedRules() throws IOException {
        Files.createDirectories(WORK);
        var spec = AlertRules.of(Fixtures.source("shop", "stripe"));
        Files.writeString(RULES, new KubernetesSerialization().asYaml(Map.of("groups", spec.getGroups())));
        Files.copy(Path.of("src/test/promtool/hookwarden-rules-test.yaml"), TESTS, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void renderedRulesAreValid() throws Exception {
        promtool("check", "rules", RULES.toString());
    }

    @Test
    void alertsFireOnTheirSeriesAndOnlyOnThem() throws Exception {
        promtool("test", "rules", TESTS.toString());
    }

    private static void promtool(String... arguments) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(concat("promtool", arguments)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not on PATH; install it with operator/src/test/promtool/install.sh "
                    + "(apt-get install prometheus)", e);
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
    }

    private static List<String> concat(String command, String... arguments) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(command), java.util.stream.Stream.of(arguments)).toList();
    }
}
