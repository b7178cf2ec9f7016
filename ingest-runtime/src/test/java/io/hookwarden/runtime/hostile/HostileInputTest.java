package io.hookwarden.runtime.hostile;

import static io.hookwarden.runtime.testing.Signer.CURRENT_SECRET;
import static io.hookwarden.runtime.testing.Signer.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.hookwarden.runtime.testing.RawHttp;
import io.hookwarden.runtime.testing.RawHttp.Answer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests an attacker or a broken producer sends, against the real runtime (PostgreSQL, ElasticMQ): each is refused
 * with the precise status and the contract's JSON error code, and nothing of it is stored.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class HostileInputTest {
    @Inject
    AgroalDataSource dataSource;

    record Case(String name, Supplier<Answer> send, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithItsCodeAndNothingIsStored(Case hostile) throws SQLException {
        long[] before = counts();
        Answer answer = hostile.send().get();
        assertThat(answer.status()).as(answer.raw()).isEqualTo(hostile.status());
        assertThat(answer.error()).as(answer.raw()).isEqualTo(hostile.error());
        assertThat(counts()).as("events and idempotency keys stored").containsExactly(before);
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        signatures(all);
        timestamps(all);
        keys(all);
        eventFields(all);
        routing(all);
        framework(all);
        return all.stream();
    }

    private static void signatures(List<Case> all) {
        String body = "{\"id\":\"s\"}";
        all.add(refused("no signature header", () -> seed(body, key(), ts(), null), 400, "missing_header"));
        all.add(refused("blank signature", () -> seed(body, key(), ts(), " "), 400, "missing_header"));
        all.add(refused("signature not hex", () -> seed(body, key(), ts(), "zz".repeat(32)), 400, "invalid_header"));
        all.add(refused("signature too short", () -> seed(body, key(), ts(), "ab".repeat(31)), 400, "invalid_header"));
        all.add(refused("signature too long", () -> seed(body, key(), ts(), "ab".repeat(33)), 400, "invalid_header"));
        all.add(refused("signature of 10 KB", () -> seed(body, key(), ts(), "a".repeat(10_000)), 400, "invalid_header"));
        all.add(refused("signature with sha256= prefix", () -> seed(body, key(), ts(), "sha256=" + good(ts(), body)), 400,
                "invalid_header"));
        all.add(refused("signature with another secret", () -> seed(body, key(), ts(), sign("wrong", ts(), utf8(body))), 401,
                "signature_mismatch"));
        all.add(refused("signature with a prefix of the secret", () -> seed(body, key(), ts(),
                sign(CURRENT_SECRET.substring(0, 4), ts(), utf8(body))), 401, "signature_mismatch"));
        all.add(refused("signature of another body", () -> seed(body, key(), ts(), good(ts(), "{\"id\":\"t\"}")), 401,
                "signature_mismatch"));
        all.add(refused("body with a trailing newline", () -> seed(body + "\n", key(), ts(), good(ts(), body)), 401,
                "signature_mismatch"));
        all.add(refused("body with one byte changed", () -> seed("{\"id\":\"S\"}", key(), ts(), good(ts(), body)), 401,
                "signature_mismatch"));
        all.add(refused("signature for another timestamp", () -> seed(body, key(), ts(), good(at(-1), body)), 401,
                "signature_mismatch"));
        all.add(refused("all-zero signature", () -> seed(body, key(), ts(), "00".repeat(32)), 401, "signature_mismatch"));
        all.add(refused("header form with scheme v2", () -> seed(body, key(), null,
                "scheme=v2,ts=" + ts() + ",hash=" + good(ts(), body)), 400, "invalid_header"));
        all.add(refused("header form without hash", () -> seed(body, key(), null, "scheme=v1,ts=" + ts()), 400,
                "invalid_header"));
        all.add(refused("header form without ts", () -> seed(body, key(), null, "scheme=v1,hash=" + good(ts(), body)), 400,
                "invalid_header"));
        all.add(refused("header form ts differs from X-Timestamp", () -> seed(body, key(), at(-5),
                "scheme=v1,ts=" + ts() + ",hash=" + good(ts(), body)), 400, "invalid_header"));
        all.add(refused("header form of bare equals signs", () -> seed(body, key(), ts(), "=,="), 400, "invalid_header"));
        all.add(refused("header form with an empty ts", () -> seed(body, key(), null, "scheme=v1,ts=,hash=" + good(ts(), body)),
                400, "invalid_header"));
        all.add(refused("header form signed with another secret", () -> seed(body, key(), null,
                "scheme=v1,ts=" + ts() + ",hash=" + sign("wrong", ts(), utf8(body))), 401, "signature_mismatch"));
    }

    private static void timestamps(List<Case> all) {
        String body = "{\"id\":\"t\"}";
        // Relative to when the request is sent: the cases run long after they are built.
        for (Object[] t : new Object[][] {
                {"timestamp 301 s old", (LongFunction<String>) now -> Long.toString(now - 301)},
                // Not 301: the server's clock may tick to the next second between signing and checking.
                {"timestamp 303 s ahead", (LongFunction<String>) now -> Long.toString(now + 303)},
                {"timestamp now minus 2^63", (LongFunction<String>) now -> Long.toString(now + Long.MIN_VALUE)},
                {"timestamp Long.MIN_VALUE", (LongFunction<String>) now -> Long.toString(Long.MIN_VALUE)},
                {"timestamp Long.MAX_VALUE", (LongFunction<String>) now -> Long.toString(Long.MAX_VALUE)},
                {"timestamp zero", (LongFunction<String>) now -> "0"},
                {"timestamp minus one", (LongFunction<String>) now -> "-1"},
                {"timestamp in milliseconds", (LongFunction<String>) now -> Long.toString(now * 1000)},
                {"timestamp a day old", (LongFunction<String>) now -> Long.toString(now - 86_400)}}) {
            @SuppressWarnings("unchecked")
            LongFunction<String> timestamp = (LongFunction<String>) t[1];
            all.add(refused("signed " + t[0], () -> {
                String ts = timestamp.apply(System.currentTimeMillis() / 1000);
                return seed(body, key(), ts, good(ts, body));
            }, 401, "timestamp_out_of_window"));
        }
        for (String[] t : new String[][] {
                {"timestamp not a number", "yesterday"},
                {"timestamp with a fraction", ts() + ".5"},
                {"timestamp beyond a long", "99999999999999999999"},
                {"timestamp of 1000 digits", "9".repeat(1000)},
                {"timestamp in hex", "0x" + Long.toHexString(System.currentTimeMillis() / 1000)},
                {"timestamp empty", ""}}) {
            all.add(refused("signed " + t[0], () -> seed(body, key(), t[1], good(t[1], body)), 400, "invalid_header"));
        }
    }

    private static void keys(List<Case> all) {
        String body = "{\"id\":\"k\"}";
        all.add(refused("no idempotency key", () -> seed(body, null, ts(), good(ts(), body)), 400, "missing_header"));
        all.add(refused("blank idempotency key", () -> seed(body, "   ", ts(), good(ts(), body)), 400, "missing_header"));
        all.add(refused("idempotency key of 257 characters", () -> seed(body, "k".repeat(257), ts(), good(ts(), body)), 400,
                "invalid_header"));
        all.add(refused("idempotency key of 5000 characters", () -> seed(body, "k".repeat(5000), ts(), good(ts(), body)), 400,
                "invalid_header"));
        for (String[] k : new String[][] {
                {"key with NUL", "a\\u0000b", "invalid_idempotency_key"},
                {"key of only NUL", "\\u0000", "invalid_idempotency_key"},
                {"key with a lone high surrogate", "a\\ud800", "invalid_idempotency_key"},
                {"key with a lone low surrogate", "\\udc00a", "invalid_idempotency_key"},
                {"key of 257 characters", "k".repeat(257), "missing_idempotency_key"},
                {"key empty", "", "missing_idempotency_key"}}) {
            String orderBody = "{\"order\":{\"id\":\"" + k[1] + "\"}}";
            all.add(refused("json " + k[0], () -> orders(orderBody), 400, k[2]));
        }
        all.add(refused("json key missing", () -> orders("{\"total\":5}"), 400, "missing_idempotency_key"));
        all.add(refused("json key is an object", () -> orders("{\"order\":{\"id\":{\"x\":1}}}"), 400, "missing_idempotency_key"));
        all.add(refused("json key is null", () -> orders("{\"order\":{\"id\":null}}"), 400, "missing_idempotency_key"));
        all.add(refused("json key is an array", () -> orders("{\"order\":{\"id\":[1]}}"), 400, "missing_idempotency_key"));
        all.add(refused("json key in a body that is not JSON", () -> orders("{\"order\":{\"id\":\"x\""), 400,
                "missing_idempotency_key"));
    }

    private static void eventFields(List<Case> all) {
        for (String[] f : new String[][] {
                {"type with NUL", "{\"type\":\"a\\u0000b\"}", "invalid_event_type"},
                {"type with SOH", "{\"type\":\"a\\u0001b\"}", "invalid_event_type"},
                {"type with a newline", "{\"type\":\"a\\nSet-Cookie: x\"}", "invalid_event_type"},
                {"type with a carriage return", "{\"type\":\"a\\rb\"}", "invalid_event_type"},
                {"type with a tab", "{\"type\":\"a\\tb\"}", "invalid_event_type"},
                {"type with DEL", "{\"type\":\"a\\u007fb\"}", "invalid_event_type"},
                {"type with a C1 control", "{\"type\":\"a\\u0085b\"}", "invalid_event_type"},
                {"type with a lone surrogate", "{\"type\":\"a\\ud800\"}", "invalid_event_type"},
                {"type with U+FFFF", "{\"type\":\"a\\uffff\"}", "invalid_event_type"},
                {"type of 257 characters", "{\"type\":\"" + "t".repeat(257) + "\"}", "invalid_event_type"},
                {"event field with NUL", "{\"event\":\"x\\u0000\"}", "invalid_event_type"},
                {"id with NUL", "{\"id\":\"a\\u0000b\"}", "invalid_external_id"},
                {"id with a lone surrogate", "{\"id\":\"\\udfff\"}", "invalid_external_id"},
                {"type valid but id with NUL", "{\"type\":\"ok\",\"id\":\"\\u0000\"}", "invalid_external_id"}}) {
            all.add(refused("json " + f[0], () -> seed(f[1], key(), ts(), good(ts(), f[1])), 400, f[2]));
        }
        all.add(refused("body over the source's cap", () -> seed(pad(2000), key(), ts(), good(ts(), pad(2000))), 413,
                "body_too_large"));
        all.add(refused("body over the cap, chunked", () -> RawHttp.exchange("POST /webhooks/shop HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nX-Timestamp: " + ts() + "\r\nX-Idempotency-Key: c\r\nX-Signature: x\r\n\r\n"
                + "800\r\n" + "x".repeat(2048) + "\r\n0\r\n\r\n"), 413, "body_too_large"));
        all.add(refused("Content-Length over every cap", () -> RawHttp.exchange("POST /webhooks/shop HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 20000000\r\nContent-Type: application/json\r\n\r\n{"), 413, "body_too_large"));
        all.add(refused("Expect 100-continue over the cap", () -> RawHttp.exchange("POST /webhooks/shop HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n"), 413, "body_too_large"));
    }

    private static void routing(List<Case> all) {
        all.add(refused("unknown source", () -> answer(RestAssured.given().body("{}").post("/webhooks/nosuch")), 400,
                "unknown_source"));
        all.add(refused("source name of 3000 characters", () -> answer(RestAssured.given().body("{}")
                .post("/webhooks/" + "s".repeat(3000))), 400, "unknown_source"));
        all.add(refused("source name with an encoded slash", () -> answer(RestAssured.given().urlEncodingEnabled(false)
                .body("{}").post("/webhooks/..%2Fshop")), 400, "unknown_source"));
        all.add(refused("seed route without X-Source", () -> answer(RestAssured.given().body("{}").post("/webhooks/ingest")), 400,
                "missing_header"));
        all.add(refused("seed route with an unknown X-Source", () -> answer(RestAssured.given().header("X-Source", "nosuch")
                .body("{}").post("/webhooks/ingest")), 400, "unknown_source"));
        all.add(refused("GET on a source", () -> answer(RestAssured.get("/webhooks/shop")), 405, "method_not_allowed"));
        all.add(refused("PUT on a source", () -> answer(RestAssured.given().body("{}").put("/webhooks/shop")), 405,
                "method_not_allowed"));
        all.add(refused("DELETE on a source", () -> answer(RestAssured.delete("/webhooks/shop")), 405, "method_not_allowed"));
        all.add(refused("PATCH on a source", () -> answer(RestAssured.given().body("{}").patch("/webhooks/shop")), 405,
                "method_not_allowed"));
        all.add(refused("POST to no route", () -> answer(RestAssured.given().body("{}").post("/nothing")), 404, "not_found"));
        all.add(refused("POST to /webhooks", () -> answer(RestAssured.given().body("{}").post("/webhooks")), 404, "not_found"));
        all.add(refused("POST below a source", () -> answer(RestAssured.given().body("{}").post("/webhooks/shop/extra")), 404,
                "not_found"));
        all.add(refused("GET of the root", () -> answer(RestAssured.get("/")), 404, "not_found"));
    }

    private static void framework(List<Case> all) {
        all.add(refused("URI of 10000 characters", () -> RawHttp.exchange("POST /webhooks/shop?" + "q".repeat(10_000)
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), 414, "uri_too_long"));
        all.add(refused("30 KiB of headers", () -> RawHttp.exchange("POST /webhooks/shop HTTP/1.1\r\nHost: x\r\nX-Pad: "
                + "p".repeat(30 * 1024) + "\r\nContent-Length: 0\r\n\r\n"), 431, "headers_too_large"));
        all.add(refused("many small headers", () -> RawHttp.exchange("POST /webhooks/shop HTTP/1.1\r\nHost: x\r\n"
                + "X-Pad: pppppppppppppppppppppppppppppp\r\n".repeat(1000) + "Content-Length: 0\r\n\r\n"), 431,
                "headers_too_large"));
        for (String version : new String[] {"HTTP/9.9", "HTTP/1.2", "HTTP/2.0", "HTTP/0.9"}) {
            all.add(refused("request line with " + version, () -> RawHttp.exchange("POST /webhooks/shop " + version
                    + "\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), 505, "http_version_not_supported"));
        }
    }

    private static Case refused(String name, Supplier<Answer> send, int status, String error) {
        return new Case(name, send, status, error);
    }

    private static Answer seed(String body, String key, String ts, String signature) {
        RequestSpecification request = RestAssured.given().contentType("application/json").body(body);
        if (key != null) {
            request.header("X-Idempotency-Key", key);
        }
        if (ts != null) {
            request.header("X-Timestamp", ts);
        }
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        return answer(request.post("/webhooks/shop"));
    }

    private static Answer orders(String body) {
        String ts = ts();
        return answer(RestAssured.given().contentType("application/json").header("X-Timestamp", ts)
                .header("X-Idempotency-Key", key()).header("X-Signature", good(ts, body)).body(body).post("/webhooks/orders"));
    }

    private static Answer answer(Response response) {
        String body = response.asString();
        String error = body.startsWith("{") ? response.jsonPath().getString("error") : null;
        return new Answer(response.statusCode(), error, response.statusLine() + "\n" + body);
    }

    private static String good(String ts, String body) {
        return sign(CURRENT_SECRET, ts, utf8(body));
    }

    private static String ts() {
        return at(0);
    }

    /** The unix time this many seconds from now. */
    private static String at(long offsetSeconds) {
        return Long.toString(System.currentTimeMillis() / 1000 + offsetSeconds);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static String pad(int size) {
        return "{\"pad\":\"" + "x".repeat(size) + "\"}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private long[] counts() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM idempotency_keys)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
