-- Each relay claims only the sources it serves (source = ANY(?) ORDER BY id): the outbox index leads
-- with the source, so a claim reads its own sources' received rows, never another's, however many
-- sources share the database. Rows now carry namespace/name in source (rows written before carry the
-- bare name; the runtime serving a source adopts them at start, see store.LegacySourceRows).
CREATE INDEX events_outbox_by_source ON events (source, id) WHERE status = 'received';
DROP INDEX events_outbox;
