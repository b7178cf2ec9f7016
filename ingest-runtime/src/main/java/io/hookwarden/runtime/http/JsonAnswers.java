package io.hookwarden.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Answers in JSON; the one shape of every error answer on the ingest port: {@code {"error": <code>, "message": <text>}}. */
public final class JsonAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnswers() {
    }

    public static String json(Rejection rejection) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", rejection.error());
        body.put("message", rejection.message());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the rejection unless an answer was already sent. */
    public static Future<Void> error(HttpServerResponse response, Rejection rejection) {
        return send(response, rejection.status(), json(rejection));
    }

    public static Future<Void> send(HttpServerResponse response, int status, String json) {
        if (response.ended()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
