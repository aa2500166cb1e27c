package org.iom.idm.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for the command service in the query service's tests: records the last request that reached it and
 * answers with whatever the test set, or hangs up without answering.
 */
public final class CommandServiceStub {

    private static final CommandServiceStub INSTANCE = new CommandServiceStub();

    public record Received(String method, String path, Map<String, String> headers, String body) {
    }

    private record Answer(int status, String contentType, String body) {
    }

    private static final Answer HANG_UP = new Answer(-1, null, null);

    private final HttpServer server;
    private final AtomicReference<Received> received = new AtomicReference<>();
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(204, null, ""));

    private CommandServiceStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The one stub of the test JVM, started on first use. */
    public static CommandServiceStub instance() {
        return INSTANCE;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(int status, String contentType, String body) {
        received.set(null);
        answer.set(new Answer(status, contentType, body));
    }

    void hangUp() {
        received.set(null);
        answer.set(HANG_UP);
    }

    Received received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
        Answer reply = answer.get();
        if (reply == HANG_UP) {
            exchange.close();
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
