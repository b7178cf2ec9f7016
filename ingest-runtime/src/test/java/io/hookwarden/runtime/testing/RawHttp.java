package io.hookwarden.runtime.testing;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Bytes on a socket, for requests no HTTP client would send: the answer as the server wrote it. */
public final class RawHttp {
    private RawHttp() {
    }

    /** Status code and body of the answer to the raw request (ISO-8859-1 text), read until close or 5 s. */
    public static Answer exchange(String request) {
        return exchange(RestAssured.port, request);
    }

    public static Answer exchange(int port, String request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    received.write(buffer, 0, n);
                    if (Answer.complete(received.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // Whatever arrived before the server stopped is the answer.
            }
            return Answer.parse(received.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param error the JSON body's error code, null when the body is not the JSON error body */
    public record Answer(int status, String error, String raw) {
        static boolean complete(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (at < 0) {
                return false;
            }
            int length = Integer.parseInt(head.substring(at + 15).split("\r\n")[0].trim());
            return text.length() - end - 4 >= length;
        }

        static Answer parse(String text) {
            if (!text.startsWith("HTTP/")) {
                return new Answer(0, null, text);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int end = text.indexOf("\r\n\r\n");
            String body = end < 0 ? "" : text.substring(end + 4);
            String error = null;
            if (body.startsWith("{")) {
                error = JsonPath.from(body).getString("error");
            }
            return new Answer(status, error, text);
        }
    }
}
