-- Single-use signatures: the SHA-256 of what an accepted request's signature covers, kept as long as
-- its idempotency key. A second request with the same signed bytes under another key is a replay.
-- Costs about 70 bytes per key (32 in the row, the rest in the index).
ALTER TABLE idempotency_keys ADD COLUMN signature_digest bytea;
CREATE UNIQUE INDEX idempotency_keys_signature ON idempotency_keys (source, signature_digest);
