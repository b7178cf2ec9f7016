-- An event SQS refused (a sender fault for its entry of SendMessageBatch: a message attribute or body it does not
-- take) stays in the outbox with the reason and waits for its own retry time, so the relay sends everything else
-- meanwhile. The claim skips rows whose retry time has not come; the outbox index still serves it.
ALTER TABLE events
    ADD COLUMN relay_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN relay_error    text,
    ADD COLUMN relay_retry_at timestamptz;
