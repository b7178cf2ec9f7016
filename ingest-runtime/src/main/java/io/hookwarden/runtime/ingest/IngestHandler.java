package io.hookwarden.runtime.ingest;

import io.github.bucket4j.ConsumptionProbe;
import io.hookwarden.api.metrics.IngestOutcome;
import io.hookwarden.runtime.config.HookwardenConfig;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.http.JsonAnswers;
import io.hookwarden.runtime.http.Rejection;
import io.hookwarden.runtime.source.ActiveSource;
import io.hookwarden.runtime.source.ActiveSources;
import io.hookwarden.runtime.store.EventIds;
import io.hookwarden.runtime.store.EventStore;
import io.hookwarden.runtime.store.IncomingEvent;
import io.hookwarden.runtime.store.StoreOutcome;
import io.hookwarden.runtime.verify.InboundRequest;
import io.hookwarden.runtime.verify.VerificationResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * {@code POST /webhooks/{source}} (and the seed's {@code POST /webhooks/ingest} with X-Source) on the
 * event loop: cap the body and its read time, verify, rate-limit, derive the key, check that every
 * field can be stored and sent, hand the event to the group-committing store, and answer once it is
 * durable. Nothing else happens on this path.
 */
public final class IngestHandler implements Handler<RoutingContext> {
    public static final String SOURCE_HEADER = "X-Source";
    private static final Logger LOG = Logger.getLogger(IngestHandler.class);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static final String REPLAYED = "replayed";
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final ActiveSources sources;
    private final EventStore store;
    private final int unavailableRetryAfterSeconds;
    private final long bodyTimeoutMillis;
    private final UnverifiedRequests unverified;
    private final SampledLog refusals = new SampledLog(LOG_INTERVAL_NANOS);

    public IngestHandler(ActiveSources sources, EventStore store, HookwardenConfig.Store storeConfig,
            HookwardenConfig.Ingest limits) {
        this.sources = sources;
        this.store = store;
        this.unavailableRetryAfterSeconds = storeConfig.unavailableRetryAfterSeconds();
        this.bodyTimeoutMillis = limits.bodyTimeout().toMillis();
        this.unverified = new UnverifiedRequests(limits.unverifiedPerSecond(), limits.unverifiedBurst(),
                limits.unverifiedAddresses());
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        String sourceName = rc.pathParam("source");
        if (SourceRegistry.RESERVED_NAME.equals(sourceName)) {
            sourceName = request.getHeader(SOURCE_HEADER);
            if (sourceName == null) {
                rejectBeforeBody(request, Rejection.missingHeader(SOURCE_HEADER), null, start);
                return;
            }
        }
        String address = clientAddress(request);
        long retryAfter = unverified.retryAfterSeconds(address);
        if (retryAfter > 0) {
            request.response().putHeader("Retry-After", Long.toString(retryAfter));
            rejectBeforeBody(request, new Rejection(429, "rate_limited", "too many requests from this address failed "
                    + "verification; retry after " + retryAfter + " s"), sources.get(sourceName), start);
            return;
        }
        ActiveSource source = sources.get(sourceName);
        if (source == null) {
            unverified.charge(address);
            rejectBeforeBody(request, new Rejection(400, "unknown_source", "no webhook source is named " + sourceName),
                    null, start);
            return;
        }
        int cap = source.config().spec().effectiveMaxBodyBytes();
        String contentLength = request.getHeader("Content-Length");
        if (contentLength != null && parseLength(contentLength) > cap) {
            rejectBeforeBody(request, tooLarge(cap), source, start);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // curl asks before sending bodies over 1 KiB; answering now saves it a one-second wait.
            request.response().writeContinue();
        }
        readCapped(request, cap, source, address, start);
    }

    private void readCapped(HttpServerRequest request, int cap, ActiveSource source, String address, long start) {
        Buffer body = Buffer.buffer(Math.min(cap, Math.max(256, (int) parseLength(request.getHeader("Content-Length")))));
        boolean[] refused = {false};
        // A body dribbled in must not hold the connection: past the deadline the request is answered and closed.
        long deadline = Vertx.currentContext().owner().setTimer(bodyTimeoutMillis, ignored -> {
            if (!refused[0]) {
                refused[0] = true;
                rejectBeforeBody(request, new Rejection(408, "request_timeout",
                        "the request body did not arrive within " + bodyTimeoutMillis / 1000 + " s"), source, start);
            }
        });
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > cap) {
                refused[0] = true;
                rejectBeforeBody(request, tooLarge(cap), source, start);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            Vertx.currentContext().owner().cancelTimer(deadline);
            if (!refused[0]) {
                refused[0] = true;
                ingest(request, source, body.getBytes(), address, start);
            }
        });
        request.resume();
    }

    private void ingest(HttpServerRequest request, ActiveSource source, byte[] body, String address, long start) {
        InboundRequest inbound = new VertxInboundRequest(request, body);
        VerificationResult verdict = source.verifier().verify(inbound, source.keys(), System.currentTimeMillis() / 1000,
                source.config().toleranceSeconds());
        if (verdict instanceof VerificationResult.Rejected rejected) {
            unverified.charge(address);
            reply(request, rejected.rejection(), source, start, null);
            return;
        }
        VerificationResult.Verified verified = (VerificationResult.Verified) verdict;
        source.metrics().signatureMatched(verified.secretIndex());
        if (source.rateLimit() != null) {
            // Charged only now: requests that fail verification must not spend the producer's budget.
            ConsumptionProbe probe = source.rateLimit().tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                request.response().putHeader("Retry-After", Long.toString(retryAfter));
                reply(request, new Rejection(429, "rate_limited",
                        "source " + source.name() + " is over its rate limit; retry after " + retryAfter + " s"), source, start, null);
                return;
            }
        }
        String handshake = source.verifier().handshakeReply(body);
        if (handshake != null) {
            JsonAnswers.send(request.response(), 200, handshake);
            finish(source, IngestOutcome.HANDSHAKE, start, null, null, "handshake answered");
            return;
        }

        String contentType = request.getHeader("Content-Type");
        EventFacts facts = EventFacts.of(contentType, body);
        String bodyHash = HexFormat.of().formatHex(SHA256.get().digest(body));
        IdempotencyKeys.Resolved resolved = IdempotencyKeys.resolve(source.keySource(), request::getHeader, facts, bodyHash,
                verified.tokenId());
        if (resolved.rejection() != null) {
            reply(request, resolved.rejection(), source, start, null);
            return;
        }
        String key = resolved.key();
        Rejection unstorable = FieldRules.refusal(key, facts.eventType(), facts.externalId(), contentType);
        if (unstorable != null) {
            reply(request, unstorable, source, start, null);
            return;
        }
        String orderingPointer = source.config().spec().getQueue().getOrderingKey();
        String traceparent = TraceContext.traceparentOrNew(request.getHeader("traceparent"));
        IncomingEvent event = new IncomingEvent(EventIds.next(), source.id(), key, bodyHash, facts.eventType(),
                facts.externalId(), orderingPointer != null ? FieldRules.orderingKey(facts.at(orderingPointer)) : null, body,
                contentType, FieldRules.storablePayload(facts.jsonText()), traceparent, verified.signedDigest());
        Context context = Vertx.currentContext();
        store.store(event).thenAccept(outcome -> context.runOnContext(ignored -> answer(request, source, event, outcome, start)));
    }

    private void answer(HttpServerRequest request, ActiveSource source, IncomingEvent event, StoreOutcome outcome, long start) {
        HttpServerResponse response = request.response();
        if (outcome instanceof StoreOutcome.Accepted accepted) {
            JsonAnswers.send(response, 202, "{\"status\":\"queued\",\"event_id\":\"" + accepted.eventId() + "\"}");
            finish(source, IngestOutcome.ACCEPTED, start, event, accepted.eventId().toString(), "accepted");
        } else if (outcome instanceof StoreOutcome.Duplicate duplicate) {
            JsonAnswers.send(response, 200, "{\"status\":\"duplicate\",\"event_id\":\"" + duplicate.eventId() + "\"}");
            finish(source, IngestOutcome.DUPLICATE, start, event, duplicate.eventId().toString(), "duplicate");
        } else if (outcome instanceof StoreOutcome.Conflict) {
            reply(request, new Rejection(409, "idempotency_key_reused",
                    "idempotency key was already used for a different body"), source, start, event);
        } else if (outcome instanceof StoreOutcome.Replayed replayed) {
            reply(request, new Rejection(409, REPLAYED, "this signature was already accepted, as event "
                    + replayed.eventId() + ", under another idempotency key"), source, start, event);
        } else if (outcome instanceof StoreOutcome.Unstorable) {
            reply(request, new Rejection(400, "unstorable_event",
                    "the event store refuses this event's data; sending it again will not help"), source, start, event);
        } else {
            response.putHeader("Retry-After", Integer.toString(unavailableRetryAfterSeconds));
            reply(request, new Rejection(503, "store_unavailable",
                    "the event store is unavailable; nothing was stored, retry later"), source, start, event);
        }
    }

    private void rejectBeforeBody(HttpServerRequest request, Rejection rejection, ActiveSource source, long start) {
        // The body was not (fully) read: close the connection rather than read what we refused.
        request.response().putHeader("Connection", "close");
        reply(request, rejection, source, start, null).onComplete(ignored -> request.connection().close());
    }

    private Future<Void> reply(HttpServerRequest request, Rejection rejection, ActiveSource source, long start,
            IncomingEvent event) {
        Future<Void> written = JsonAnswers.error(request.response(), rejection);
        if (source != null) {
            finish(source, outcomeOf(rejection), start, event, null, rejection.error());
        } else {
            LOG.debugf("rejected request for an unknown source: %s", rejection.message());
        }
        return written;
    }

    private void finish(ActiveSource source, IngestOutcome outcome, long start, IncomingEvent event, String eventId, String what) {
        source.metrics().record(outcome, start);
        boolean notable = outcome != IngestOutcome.ACCEPTED && outcome != IngestOutcome.DUPLICATE;
        if (!(notable ? LOG.isInfoEnabled() : LOG.isDebugEnabled())) {
            return;
        }
        long leftOut = notable ? refusals.admit(source.id() + '/' + what, System.nanoTime()) : 0;
        if (leftOut == SampledLog.SUPPRESSED) {
            return;
        }
        MDC.put("source", source.id());
        if (eventId != null) {
            MDC.put("event_id", eventId);
        }
        if (event != null) {
            MDC.put("idempotency_key", event.idempotencyKey());
            MDC.put("trace_id", TraceContext.traceId(event.traceparent()));
        }
        try {
            if (notable) {
                LOG.infof("webhook %s: %s (%d more like it since the last such line)", outcome.wire(), what, leftOut);
            } else {
                LOG.debugf("webhook %s", what);
            }
        } finally {
            MDC.remove("source");
            MDC.remove("event_id");
            MDC.remove("idempotency_key");
            MDC.remove("trace_id");
        }
    }

    static IngestOutcome outcomeOf(Rejection rejection) {
        return switch (rejection.status()) {
            case 401 -> rejection.concernsTime() ? IngestOutcome.REJECTED_TIMESTAMP : IngestOutcome.REJECTED_SIGNATURE;
            case 409 -> IngestOutcome.CONFLICT;
            case 413 -> IngestOutcome.REJECTED_SIZE;
            case 429 -> IngestOutcome.RATE_LIMITED;
            case 503 -> IngestOutcome.UNAVAILABLE;
            default -> IngestOutcome.BAD_REQUEST;
        };
    }

    /** Behind a proxy, quarkus.http.proxy settings make this the forwarded client, not the proxy. */
    private static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() != null && request.remoteAddress().hostAddress() != null
                ? request.remoteAddress().hostAddress() : "unknown";
    }

    private static Rejection tooLarge(int cap) {
        return new Rejection(413, "body_too_large", "request body exceeds the source's limit of " + cap + " bytes");
    }

    private static long parseLength(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record VertxInboundRequest(HttpServerRequest request, byte[] body) implements InboundRequest {
        @Override
        public String header(String name) {
            return request.getHeader(name);
        }

        @Override
        public String method() {
            return request.method().name();
        }

        @Override
        public String uri() {
            return request.uri();
        }
    }
}
