package io.hookwarden.operator.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The series a real runtime published after real deliveries: testdata/runtime-metrics.prom, which
 * ingest-runtime's RuntimeScrapeTest keeps equal to the runtime's /q/metrics (names and labels only).
 */
final class RuntimeScrape {
    static final Path FILE = Path.of("../testdata/runtime-metrics.prom");
    private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SOURCE_HEADER = Pattern.compile("# source: ([^/]+)/(.+)");

    /** One series: its name and labels. */
    record Series(String name, Map<String, String> labels) {
        static Series parse(String text) {
            Matcher series = SERIES.matcher(text.trim());
            if (!series.matches()) {
                throw new IllegalArgumentException("not a series: " + text);
            }
            Map<String, String> labels = new TreeMap<>();
            if (series.group(2) != null) {
                Matcher label = LABEL.matcher(series.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            return new Series(series.group(1), labels);
        }

        boolean has(Map<String, String> wanted) {
            return labels.entrySet().containsAll(wanted.entrySet());
        }

        @Override
        public String toString() {
            return name + labels.entrySet().stream().map(label -> label.getKey() + "=\"" + label.getValue() + "\"")
                    .collect(Collectors.joining(",", "{", "}"));
        }
    }

    /** The WebhookSource the scrape was taken from. */
    final String namespace;
    final String source;
    final List<Series> series;

    private RuntimeScrape(String namespace, String source, List<Series> series) {
        this.namespace = namespace;
        this.source = source;
        this.series = series;
    }

    static RuntimeScrape load() {
        try {
            List<String> lines = Files.readAllLines(FILE);
            Matcher header = lines.stream().map(SOURCE_HEADER::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow(() -> new IllegalStateException(FILE + " names no '# source: <namespace>/<name>'"));
            return new RuntimeScrape(header.group(1), header.group(2),
                    lines.stream().filter(line -> !line.isBlank() && !line.startsWith("#")).map(Series::parse).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Set<String> names() {
        return series.stream().map(Series::name).collect(Collectors.toSet());
    }

    /** Every value {@code label} has on the series named {@code name}. */
    Set<String> values(String name, String label) {
        return series.stream().filter(s -> s.name.equals(name) && s.labels.containsKey(label))
                .map(s -> s.labels.get(label)).collect(Collectors.toSet());
    }

    /** Every label name the series named {@code name} carry. */
    Set<String> labels(String name) {
        return series.stream().filter(s -> s.name.equals(name)).flatMap(s -> s.labels.keySet().stream())
                .collect(Collectors.toSet());
    }

    /** The one scraped series with {@code selector}'s name and (at least) its labels. */
    Series find(String selector) {
        Series wanted = Series.parse(selector);
        List<Series> found = series.stream().filter(s -> s.name.equals(wanted.name) && s.has(wanted.labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError(selector + " matches " + found.size() + " series of " + FILE
                    + " (exactly one wanted): the runtime publishes " + series.stream()
                            .filter(s -> s.name.equals(wanted.name)).toList());
        }
        return found.get(0);
    }
}
