package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.IngestOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** {@code ingest_minutes}: how many ingest requests of each outcome a source had per minute, added to by every runtime. */
public final class IngestMinutes {
    private static final String ADD = """
            INSERT INTO ingest_minutes AS m (source, minute, outcome, requests)
            SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::text[], ?::bigint[])
            ON CONFLICT (source, minute, outcome) DO UPDATE SET requests = m.requests + excluded.requests""";
    private static final String FORGET = "DELETE FROM ingest_minutes WHERE minute < ?";

    /** {@code requests} more requests of {@code source} (its id) answered with {@code outcome} in {@code minute}. */
    public record Count(String source, Instant minute, IngestOutcome outcome, long requests) {
    }

    private final DataSource dataSource;

    public IngestMinutes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One statement for all of them. */
    public void add(List<Count> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement add = connection.prepareStatement(ADD)) {
            add.setArray(1, connection.createArrayOf("text", counts.stream().map(Count::source).toArray()));
            add.setArray(2, connection.createArrayOf("timestamptz", counts.stream().map(c -> Timestamp.from(c.minute())).toArray()));
            add.setArray(3, connection.createArrayOf("text", counts.stream().map(c -> c.outcome().wire()).toArray()));
            add.setArray(4, connection.createArrayOf("int8", counts.stream().map(Count::requests).toArray()));
            add.executeUpdate();
        }
    }

    /** Deletes the minutes before {@code oldest}. */
    public void forgetBefore(Instant oldest) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement forget = connection.prepareStatement(FORGET)) {
            forget.setTimestamp(1, Timestamp.from(oldest));
            forget.executeUpdate();
        }
    }
}
