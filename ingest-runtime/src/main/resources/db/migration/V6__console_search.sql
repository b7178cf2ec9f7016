-- The console's event list: newest first across sources, paged by keyset on (received_at, id).
-- On a large table, create these by hand first with CREATE INDEX CONCURRENTLY (docs/console.md):
-- IF NOT EXISTS then makes this migration a no-op instead of a write lock while it builds.
CREATE INDEX IF NOT EXISTS events_received_at_id ON events (received_at, id);
-- The console's search box: an event is found by its producer's id or by its idempotency key.
CREATE INDEX IF NOT EXISTS events_external_id ON events (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_idempotency_key ON events (idempotency_key);
