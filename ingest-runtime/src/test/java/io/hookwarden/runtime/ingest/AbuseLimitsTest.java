package io.hookwarden.runtime.ingest;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Floods and slow clients: they are cut off, and the signed producer is still served. All requests come from one
 * address, whose budget of failing requests the flood spends first (within its burst) and the next test exhausts.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(AbuseLimitsTest.TightLimits.class)
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class AbuseLimitsTest {
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookwarden.ingest.body-timeout", "2s",
                    "hookwarden.ingest.header-timeout", "2s",
                    "hookwarden.ingest.unverified-per-second", "1",
                    "hookwarden.ingest.unverified-burst", "20");
        }
    }

    @Test
    @Order(1)
    void anUnsignedFloodDoesNotSpendTheProducersRateLimit() throws Exception {
        // Source "limited" allows a burst of 2: unsigned requests used to spend it before their signature was checked.
        for (int i = 0; i < 10; i++) {
            RestAssured.given().body("{}").post("/webhooks/limited").then().statusCode(400);
        }
        post("limited", signed("{\"after\":\"flood\"}")).then().statusCode(202);
    }

    @Test
    @Order(2)
    void anAddressWhoseRequestsKeepFailingVerificationIsRefusedBeforeItsBodyIsRead() throws Exception {
        // Sent together, so that they come faster than the budget refills (1/s) however slow the machine is.
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            answers.add(pool.submit(() -> RestAssured.given().header("X-Timestamp", "1").header("X-Idempotency-Key", "k")
                    .header("X-Signature", "00".repeat(32)).body("{}").post("/webhooks/shop")));
        }
        int failed = 0;
        Response refused = null;
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(401);
                failed++;
            }
        }
        pool.shutdown();
        assertThat(failed).as("failures allowed before the address is refused").isGreaterThanOrEqualTo(10);
        assertThat(refused).as("the address is refused").isNotNull();
        refused.then().header("Retry-After", "1").header("Connection", "close").body("error", equalTo("rate_limited"));
    }

    @Test
    void aBodyDribbledPastTheDeadlineIsAnswered408AndTheConnectionClosed() throws Exception {
        SlowAnswer answer = slowClient("POST /webhooks/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", 0);
        assertThat(answer.text()).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
        assertThat(answer.waitedMillis()).isBetween(1_500L, 8_000L);
    }

    @Test
    void headersDribbledPastTheDeadlineAreAnswered408AndTheConnectionClosed() throws Exception {
        // One header byte every 200 ms restarts any idle timer; the server must stop it regardless.
        SlowAnswer answer = slowClient("POST /webhooks/orders HTTP/1.1\r\nHost: x\r\n", 60);
        assertThat(answer.text()).startsWith("HTTP/1.1 408").contains("Connection: close")
                .contains("\"error\":\"request_timeout\"");
        assertThat(answer.waitedMillis()).isBetween(1_500L, 8_000L);
    }

    private record SlowAnswer(String text, long waitedMillis) {
    }

    /** Sends the opening, then one more header byte every 200 ms (up to {@code dribbled}), and reads until closed. */
    private static SlowAnswer slowClient(String opening, int dribbled) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(opening.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            Thread dribbler = new Thread(() -> {
                try {
                    for (int i = 0; i < dribbled; i++) {
                        out.write('X');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (Exception closedByServer) {
                    // The server hung up: what the test waits for.
                }
            });
            dribbler.start();
            byte[] answer = socket.getInputStream().readAllBytes();
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            dribbler.interrupt();
            return new SlowAnswer(new String(answer, StandardCharsets.US_ASCII), waitedMillis);
        }
    }

    @Test
    void aKeptAliveConnectionIdleBeyondTheHeaderDeadlineServesItsNextRequest() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String request = "GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n";
            assertThat(exchangeOn(socket, request)).startsWith("HTTP/1.1 404");
            Thread.sleep(3_000);
            assertThat(exchangeOn(socket, request)).startsWith("HTTP/1.1 404");
        }
    }

    /** Writes the request and reads one answer with a JSON body (up to its closing brace). */
    private static String exchangeOn(Socket socket, String request) throws Exception {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        StringBuilder answer = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int c; !answer.toString().endsWith("}") && (c = in.read()) >= 0;) {
            answer.append((char) c);
        }
        return answer.toString();
    }
}
