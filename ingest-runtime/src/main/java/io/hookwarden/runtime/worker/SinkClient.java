package io.hookwarden.runtime.worker;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.http.impl.HttpMessageWriter;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.api.sqs.MessageAttributes;
import io.hookwarden.api.v1alpha1.SinkMode;
import io.hookwarden.api.v1alpha1.SinkSpec;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.worker.task.InFlightMessage;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** POSTs events to one source's sink as CloudEvents over HTTP, on a keep-alive connection pool. */
public final class SinkClient implements AutoCloseable {
    /** CloudEvents needs a type; bodies without /type or /event get this one. */
    static final String DEFAULT_EVENT_TYPE = "io.hookwarden.webhook";
    private static final JsonFormat STRUCTURED = new JsonFormat();
    private static final int ERROR_BODY_CHARS = 200;

    private final Vertx vertx;
    private final HttpClient client;
    private final String url;
    private final long timeoutMillis;
    private final SinkMode mode;
    private final URI ceSource;
    private final Duration maxRetryAfter;

    public SinkClient(Vertx vertx, Source source, Duration maxRetryAfter) {
        SinkSpec sink = source.spec().getSink();
        this.vertx = vertx;
        this.url = sink.getUrl();
        this.timeoutMillis = sink.effectiveTimeoutSeconds() * 1000L;
        this.mode = sink.effectiveMode();
        this.ceSource = URI.create("hookwarden/" + source.namespace() + "/" + source.name());
        this.maxRetryAfter = maxRetryAfter;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(sink.effectiveConcurrency())
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
    }

    /**
     * Never completes exceptionally: transport errors become {@link SinkOutcome.Failed}. The sink's
     * timeout is a deadline for the whole call (connect, send, the full answer): a sink that trickles
     * its answer is cut off, its connection reset, when it runs out.
     */
    public CompletableFuture<SinkOutcome> deliver(InFlightMessage message) throws PoisonMessageException {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        Buffer[] body = new Buffer[1];
        HttpMessageWriter writer = HttpMessageFactory.createWriter(headers::add, bytes -> body[0] = Buffer.buffer(bytes));
        CloudEvent event = cloudEvent(message);
        if (mode == SinkMode.STRUCTURED) {
            writer.writeStructured(event, STRUCTURED);
        } else {
            writer.writeBinary(event);
        }
        if (message.traceparent() != null) {
            headers.set("traceparent", message.traceparent());
        }
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setHeaders(headers)
                .setConnectTimeout(timeoutMillis);
        CompletableFuture<SinkOutcome> outcome = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long deadline = vertx.setTimer(timeoutMillis, expired -> {
            if (outcome.complete(new SinkOutcome.Failed(FailureClass.TIMEOUT, null,
                    "no complete answer from the sink within " + timeoutMillis + " ms"))) {
                resetIfSent(sent);
            }
        });
        client.request(request)
                .compose(r -> {
                    sent.set(r);
                    if (outcome.isDone()) {
                        r.reset();
                    }
                    return r.send(body[0] != null ? body[0] : Buffer.buffer());
                })
                .compose(response -> response.body().map(answer -> classify(response, answer)))
                .onComplete(done -> {
                    vertx.cancelTimer(deadline);
                    outcome.complete(done.succeeded() ? done.result() : classify(done.cause()));
                });
        return outcome;
    }

    private static void resetIfSent(AtomicReference<HttpClientRequest> sent) {
        HttpClientRequest request = sent.get();
        if (request != null) {
            request.reset();
        }
    }

    private CloudEvent cloudEvent(InFlightMessage message) throws PoisonMessageException {
        String type = message.attribute(MessageAttributes.EVENT_TYPE);
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(message.eventId.toString())
                .withSource(ceSource)
                .withType(type != null ? type : DEFAULT_EVENT_TYPE)
                .withTime(message.row.receivedAt());
        String contentType = message.contentType();
        if (mode == SinkMode.STRUCTURED && message.hasJsonBody()) {
            // Embedded as JSON, so it must be JSON: checked here rather than sent broken.
            return event.withData(contentType, JsonCloudEventData.wrap(message.json())).build();
        }
        return contentType != null ? event.withData(contentType, message.body).build() : event.withData(message.body).build();
    }

    private SinkOutcome classify(HttpClientResponse response, Buffer answer) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new SinkOutcome.Accepted(status);
        }
        String error = "HTTP " + status + " from the sink" + (answer.length() > 0 ? ": " + snippet(answer) : "");
        String retryAfter = response.getHeader("Retry-After");
        if (status == 429 || (status == 503 && retryAfter != null)) {
            return new SinkOutcome.Throttled(status, retryAfter(retryAfter), error);
        }
        return new SinkOutcome.Failed(status >= 500 && status < 600 ? FailureClass.HTTP_5XX : FailureClass.HTTP_4XX, status, error);
    }

    private static SinkOutcome classify(Throwable failure) {
        Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
            return new SinkOutcome.Failed(FailureClass.TIMEOUT, null, "no answer from the sink in time: " + cause.getMessage());
        }
        return new SinkOutcome.Failed(FailureClass.CONNECTION, null, "sink unreachable: " + cause);
    }

    /** Seconds or an HTTP date; null when absent or unreadable. Capped, and at least one second. */
    private Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.compareTo(maxRetryAfter) > 0) {
            return maxRetryAfter;
        }
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    private static String snippet(Buffer answer) {
        String text = answer.toString(java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) + "…" : text;
    }

    @Override
    public void close() {
        client.close();
    }
}
