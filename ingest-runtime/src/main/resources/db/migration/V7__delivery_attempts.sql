-- Every delivery attempt at an event's sink, for the console's timeline: written in the statement that
-- records the outcome on the event (Events.recordOutcomes), so it costs no extra round trip. Events
-- delivered before this table existed keep their count and last error on the events row only.
CREATE TABLE delivery_attempts (
    event_id      uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- When the sink answered (or the attempt timed out or failed to connect).
    attempted_at  timestamptz NOT NULL,
    -- The sink's HTTP status; null when there was no answer.
    http_status   integer,
    -- Null for a delivered attempt.
    failure_class text,
    error         text
);

CREATE INDEX delivery_attempts_event ON delivery_attempts (event_id, attempted_at);
