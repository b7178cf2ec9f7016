-- Ingest requests per source, minute and outcome (accepted, duplicate, rejected_signature, ...), for the
-- console's charts: rejected requests are never stored as events. Each runtime adds what its Prometheus
-- counters grew by every few seconds (source.IngestMinuteFlusher), so the request path pays nothing;
-- replicas add up. Rows older than two days are deleted (the charts show one day at most).
CREATE TABLE ingest_minutes (
    source   text        NOT NULL,
    minute   timestamptz NOT NULL,
    outcome  text        NOT NULL,
    requests bigint      NOT NULL,
    PRIMARY KEY (source, minute, outcome)
);
