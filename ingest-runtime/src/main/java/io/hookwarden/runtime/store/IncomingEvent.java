package io.hookwarden.runtime.store;

import java.util.UUID;

/**
 * A verified request, ready to be stored. {@code payloadJson} is the body when it parsed as JSON; {@code signedDigest}
 * is the SHA-256 of what its signature covers, remembered with the key so a replay under another key is refused.
 */
public record IncomingEvent(
        UUID id,
        String source,
        String idempotencyKey,
        String bodyHash,
        String eventType,
        String externalId,
        String orderingKey,
        byte[] body,
        String contentType,
        String payloadJson,
        String traceparent,
        byte[] signedDigest) {
}
