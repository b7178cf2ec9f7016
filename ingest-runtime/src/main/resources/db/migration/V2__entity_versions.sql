-- The version guard (spec.ordering.versionFrom): the newest version delivered per entity
-- (the event's ordering key). An event older than this one is superseded, not delivered.
CREATE TABLE entity_versions (
    source     text        NOT NULL,
    entity     text        NOT NULL,
    -- Numbers as they are; ISO-8601 times as epoch seconds with their fraction.
    version    numeric     NOT NULL,
    event_id   uuid        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, entity)
);
