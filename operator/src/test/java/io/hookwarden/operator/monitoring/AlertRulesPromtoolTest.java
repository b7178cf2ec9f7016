package io.hookwarden.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.operator.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules the operator renders, checked and unit-tested by Prometheus' own promtool
 * (src/test/promtool/hookwarden-rules-test.yaml), on input series taken from what a real runtime
 * publishes ({@link RuntimeScrape}). Fails, never skips, without promtool: src/test/promtool/install.sh
 * installs it.
 */
class AlertRulesPromtoolTest {
    private static final String NAMESPACE = "shop";
    private static final String SOURCE = "stripe";
    private static final Path WORK = Path.of("target/promtool");
    private static final Path RULES = WORK.resolve("hookwarden-rules.yaml");
    private static final Path TESTS = WORK.resolve("hookwarden-rules-test.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void writeRenderedRulesAndTheirTests() throws IOException {
        Files.createDirectories(WORK);
        var spec = AlertRules.of(Fixtures.source(NAMESPACE, SOURCE));
        Files.writeString(RULES, new KubernetesSerialization().asYaml(Map.of("groups", spec.getGroups())));
        JsonNode tests = YAML.readTree(Path.of("src/test/promtool/hookwarden-rules-test.yaml").toFile());
        RuntimeScrape scrape = RuntimeScrape.load();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode input : test.path("input_series")) {
                scrapedSeries(scrape, (ObjectNode) input);
            }
        }
        YAML.writeValue(TESTS.toFile(), tests);
    }

    @Test
    void renderedRulesAreValid() throws Exception {
        promtool("check", "rules", RULES.toString());
    }

    @Test
    void alertsFireOnTheirSeriesAndOnlyOnThem() throws Exception {
        promtool("test", "rules", TESTS.toString());
    }

    /**
     * Replaces {@code scraped}, {@code pod} and {@code source} by the promtool {@code series}: the
     * scraped series as Prometheus stores it for that pod of that source in namespace shop.
     */
    private static void scrapedSeries(RuntimeScrape scrape, ObjectNode input) {
        assertThat(input.has("series")).as("hand-written input series %s: select one with scraped:", input.path("series"))
                .isFalse();
        RuntimeScrape.Series scraped = scrape.find(input.remove("scraped").asText());
        String source = input.has("source") ? input.remove("source").asText() : SOURCE;
        Map<String, String> labels = new TreeMap<>(scraped.labels());
        labels.computeIfPresent(MetricLabels.SOURCE, (label, value) -> source);
        labels.computeIfPresent(MetricLabels.QUEUE, (label, value) -> {
            assertThat(value).as("the scrape's queue label").isEqualTo(
                    QueueNames.mainQueue(scrape.namespace, scrape.source, QueueType.STANDARD));
            return QueueNames.mainQueue(NAMESPACE, source, QueueType.STANDARD);
        });
        labels.put(AlertRules.NAMESPACE_LABEL, NAMESPACE);
        labels.put(AlertRules.POD_LABEL, input.remove("pod").asText());
        input.put("series", new RuntimeScrape.Series(scraped.name(), labels).toString());
    }

    private static void promtool(String... arguments) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(Stream.concat(Stream.of("promtool"), Stream.of(arguments)).toList())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not on PATH; install it with operator/src/test/promtool/install.sh "
                    + "(apt-get install prometheus)", e);
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
    }
}
