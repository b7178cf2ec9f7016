-- When workers finished with an event: delivered to its sink, or given up on (dead-lettered).
ALTER TABLE events
    ADD COLUMN delivered_at     timestamptz,
    ADD COLUMN dead_lettered_at timestamptz;

-- DLQ age and depth per source, and replays of dead-lettered events, read only these rows.
CREATE INDEX events_dead_lettered ON events (source, dead_lettered_at) WHERE status = 'dead_lettered';
