package io.hookwarden.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What each fault did to the acknowledged events, as a Markdown table. */
final class FaultTable {
    /**
     * @param acked events a producer got 2xx for
     * @param stored of those, rows in PostgreSQL
     * @param queued of those, rows that left the outbox (sent to SQS)
     * @param delivered of those, events the sink accepted
     * @param duplicates copies the sink got of an event it had accepted already (and did not apply again)
     * @param lost acknowledged events the sink never accepted
     */
    record Row(String fault, int acked, int stored, int queued, int delivered, int duplicates, int lost, long seconds) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String render() {
        StringBuilder table = new StringBuilder("| fault | acked | stored | queued | delivered | duplicates | lost | s |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            table.append("| ").append(row.fault()).append(" | ").append(row.acked()).append(" | ").append(row.stored())
                    .append(" | ").append(row.queued()).append(" | ").append(row.delivered()).append(" | ")
                    .append(row.duplicates()).append(" | ").append(row.lost()).append(" | ").append(row.seconds())
                    .append(" |\n");
        }
        return table.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, render());
    }
}
