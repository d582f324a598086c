package dev.sift.app.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver for webhook tests (the JDK's server on a free loopback port): it records every request as
 * it came (headers, raw body, time), and answers 200, or 500 while a path is told to fail.
 */
final class WebhookReceiver implements AutoCloseable {
    record Request(String path, Map<String, String> headers, byte[] body, Instant at, int answered) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            AtomicInteger failing = failures.get(path);
            int status = failing != null && failing.getAndDecrement() > 0 ? 500 : 200;
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    v.getFirst()));
            requests.add(new Request(path, headers, body, Instant.now(), status));
            byte[] answer = (status == 200 ? "ok" : "receiver is down for maintenance").getBytes();
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** The next {@code n} requests to {@code path} get a 500 (Integer.MAX_VALUE: all of them). */
    void failNext(String path, int n) {
        failures.put(path, new AtomicInteger(n));
    }

    void recover(String path) {
        failures.remove(path);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The requests that mention this text in their body, in arrival order. */
    List<Request> about(String text) {
        return requests.stream().filter(r -> r.text().contains(text)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
