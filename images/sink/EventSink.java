import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The e2e run's delivery target, as a pod: every POST is answered 204 and recorded in a ledger by
 * its CloudEvent id (ce-id), so a redelivered event shows as a duplicate. GET /events lists the
 * deliveries (one JSON object per line), GET /stats the totals. Listens on :8080.
 */
public final class EventSink {
    private final Map<String, Integer> deliveriesById = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private int deliveries;

    public static void main(String[] args) throws IOException {
        EventSink sink = new EventSink();
        HttpServer server = HttpServer.create(new InetSocketAddress(8080), 64);
        server.createContext("/", sink::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
        System.out.println("event sink listening on :8080");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                record(path, exchange.getRequestHeaders().getFirst("ce-id"), exchange.getRequestHeaders().getFirst("ce-type"),
                        exchange.getRequestHeaders().getFirst("traceparent"), body);
                exchange.sendResponseHeaders(204, -1);
            } else if (path.equals("/events")) {
                reply(exchange, String.join("", snapshot()));
            } else if (path.equals("/stats")) {
                reply(exchange, stats());
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private synchronized void record(String path, String id, String type, String traceparent, String body) {
        deliveries++;
        int count = deliveriesById.merge(String.valueOf(id), 1, Integer::sum);
        String line = "{\"path\":" + quote(path) + ",\"ce-id\":" + quote(id) + ",\"ce-type\":" + quote(type)
                + ",\"traceparent\":" + quote(traceparent) + ",\"delivery\":" + count + ",\"body\":" + quote(body) + "}\n";
        events.add(line);
        System.out.print(line);
    }

    private synchronized List<String> snapshot() {
        return List.copyOf(events);
    }

    private synchronized String stats() {
        return "{\"deliveries\":" + deliveries + ",\"events\":" + deliveriesById.size()
                + ",\"duplicates\":" + (deliveries - deliveriesById.size()) + "}\n";
    }

    private static void reply(HttpExchange exchange, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
