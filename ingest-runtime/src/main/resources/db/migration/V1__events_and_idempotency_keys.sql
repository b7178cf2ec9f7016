-- Every accepted webhook, stored before it is acknowledged.
CREATE TABLE events (
    id              uuid        PRIMARY KEY,
    source          text        NOT NULL,
    event_type      text,
    external_id     text,
    ordering_key    text,
    idempotency_key text        NOT NULL,
    body_hash       text        NOT NULL,
    raw_body        bytea       NOT NULL,
    content_type    text,
    payload         jsonb,
    traceparent     text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    -- received: in the outbox; queued: on SQS; then done, dead_lettered, superseded (workers).
    status          text        NOT NULL DEFAULT 'received',
    enqueued_at     timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    failure_class   text
);

-- The outbox: the relay reads only rows not yet on SQS, so this index stays small.
CREATE INDEX events_outbox ON events (id) WHERE status = 'received';
CREATE INDEX events_source_received_at ON events (source, received_at);

-- One row per (source, key) while the key is retained; the body hash tells a duplicate from a reuse.
CREATE TABLE idempotency_keys (
    source     text        NOT NULL,
    key        text        NOT NULL,
    body_hash  text        NOT NULL,
    event_id   uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, key)
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (source, created_at);
