package io.hookwarden.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.hookwarden.operator.testing.Fixtures;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric and label value an alert rule selects is one a real runtime publishes
 * (testdata/runtime-metrics.prom): a rule on a series that never exists never fires, and a
 * matcher on a value that never exists filters nothing.
 */
class AlertRulesMatchTheScrapeTest {
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Added by Prometheus from the scrape target, not published by the runtime. */
    private static final Set<String> TARGET_LABELS = Set.of(AlertRules.NAMESPACE_LABEL, AlertRules.POD_LABEL);

    private final RuntimeScrape scrape = RuntimeScrape.load();
    /** Rendered for the source the scrape was taken from, so that its source and queue labels are comparable too. */
    private final List<Rule> rules = AlertRules.of(Fixtures.source(scrape.namespace, scrape.source)).getGroups().get(0).getRules();

    @Test
    void everyQueriedMetricIsPublished() {
        for (Rule rule : rules) {
            Matcher selector = SELECTOR.matcher(rule.getExpr().getStrVal());
            int selectors = 0;
            while (selector.find()) {
                selectors++;
                assertThat(scrape.names()).as("%s queries %s", rule.getAlert(), selector.group(1)).contains(selector.group(1));
            }
            assertThat(selectors).as("series selectors of %s", rule.getAlert()).isPositive();
        }
    }

    @Test
    void everyMatchedLabelIsPublishedOnItsMetric() {
        forEachRuntimeMatcher((rule, metric, matcher) -> assertThat(scrape.labels(metric))
                .as("%s matches label %s of %s", rule.getAlert(), matcher.group(1), metric).contains(matcher.group(1)));
    }

    @Test
    void everyMatchedLabelValueIsPublished() {
        forEachRuntimeMatcher((rule, metric, matcher) -> {
            String operator = matcher.group(2);
            if (operator.equals("=") || operator.equals("!=")) {
                assertThat(scrape.values(metric, matcher.group(1)))
                        .as("%s matches %s%s\"%s\" on %s", rule.getAlert(), matcher.group(1), operator, matcher.group(3), metric)
                        .contains(matcher.group(3));
            }
        });
    }

    private interface MatcherCheck {
        void check(Rule rule, String metric, Matcher matcher);
    }

    private void forEachRuntimeMatcher(MatcherCheck check) {
        for (Rule rule : rules) {
            Matcher selector = SELECTOR.matcher(rule.getExpr().getStrVal());
            while (selector.find()) {
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    if (!TARGET_LABELS.contains(matcher.group(1))) {
                        check.check(rule, selector.group(1), matcher);
                    }
                }
            }
        }
    }
}
