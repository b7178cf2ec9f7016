package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.store.EventStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** What a worker reads about a received batch, in one query: status, time, stored bodies, entity versions. */
final class EventRows {
    private static final String LOAD = """
            SELECT e.id, e.status, e.received_at, e.ordering_key,
                   CASE WHEN e.id = ANY(?::uuid[]) THEN e.raw_body END, v.version
            FROM events e
            LEFT JOIN entity_versions v ON v.source = e.source AND v.entity = e.ordering_key
            WHERE e.id = ANY(?::uuid[])""";

    /**
     * @param storedBody the raw body when it was asked for (payload not inline in the message)
     * @param deliveredVersion the newest version delivered for the event's entity, or null
     */
    record EventRow(UUID id, EventStatus status, OffsetDateTime receivedAt, String orderingKey, byte[] storedBody,
            BigDecimal deliveredVersion) {
    }

    private final DataSource dataSource;

    EventRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Map<UUID, EventRow> load(Collection<UUID> ids, Collection<UUID> withBody) throws SQLException {
        Map<UUID, EventRow> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(LOAD)) {
            select.setArray(1, connection.createArrayOf("uuid", withBody.toArray()));
            select.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    rows.put(id, new EventRow(id, EventStatus.fromLabel(rs.getString(2)), rs.getObject(3, OffsetDateTime.class),
                            rs.getString(4), rs.getBytes(5), rs.getBigDecimal(6)));
                }
            }
        }
        return rows;
    }
}
