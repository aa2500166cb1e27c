package org.iom.idm.system;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services as a client sees them: writes go to the command service, reads to the query service, each as
 * a demo user with HTTP Basic.
 */
final class Api {

    static final String PASSWORD = "demo";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The endpoints that create a new aggregate, i.e. a new stream in the event store. */
    private static final Set<String> CREATIONS = Set.of("/api/consultations", "/api/member-states");

    private final URI commandService;
    private final URI queryService;
    private final AtomicInteger refusedCreations = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Api(URI commandService, URI queryService) {
        this.commandService = commandService;
        this.queryService = queryService;
    }

    HttpClient http() {
        return http;
    }

    URI commandService() {
        return commandService;
    }

    URI queryService() {
        return queryService;
    }

    /**
     * How many creations the command service refused with 409 ALREADY_EXISTS so far. Each of them got as far as
     * inserting the new stream's first event, which the event store's unique key refused: the global index value
     * it had drawn from the sequence is then never used (a sequence does not roll back).
     */
    int refusedCreations() {
        return refusedCreations.get();
    }

    /** GET on the query service. */
    Response read(String user, String path) {
        return send(queryService, "GET", user, path, null, "application/json");
    }

    /** POST on the command service. */
    Response post(String user, String path, Object body) {
        return send(commandService, "POST", user, path, body, "application/json");
    }

    /** PUT on the command service. */
    Response put(String user, String path, Object body) {
        return send(commandService, "PUT", user, path, body, "application/json");
    }

    /** Polls a read until it answers 200 with a body that satisfies {@code ready} (reads are eventually consistent). */
    JsonNode awaitRead(String user, String path, Predicate<JsonNode> ready) {
        Response[] last = new Response[1];
        try {
            Await.until("GET " + path + " as " + user, Await.READ_TIMEOUT, () -> {
                last[0] = read(user, path);
                return last[0].status() == 200 && satisfies(ready, last[0].json());
            });
        } catch (AssertionError timeout) {
            throw new AssertionError(timeout.getMessage() + "; the last answer: " + last[0], timeout);
        }
        return last[0].json();
    }

    /** A condition on a read model that is not there yet (a missing element, say) is simply not met yet. */
    private static boolean satisfies(Predicate<JsonNode> ready, JsonNode json) {
        try {
            return ready.test(json);
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    Response send(URI service, String method, String user, String path, Object body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", accept);
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        String json = body == null ? null : body instanceof String text ? text : JSON.writeValueAsString(body);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        String description = method + " " + service.resolve(path) + " as " + user + (json == null ? "" : " " + json);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (service.equals(commandService) && "POST".equals(method) && CREATIONS.contains(path)
                    && response.statusCode() == 409 && response.body().contains("\"ALREADY_EXISTS\"")) {
                refusedCreations.incrementAndGet();
            }
            return new Response(description, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(description + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(description + " interrupted", e);
        }
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    record Response(String request, int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** Asserts the status and returns the JSON body (missing if empty). */
        JsonNode expect(int expected) {
            assertThat(status).as("%s answered %s %s", request, status, body).isEqualTo(expected);
            return json();
        }

        void expect2xx() {
            assertThat(status).as("%s answered %s %s", request, status, body).isBetween(200, 299);
        }

        /** Asserts an RFC 9457 problem with the contract's status and stable code. */
        JsonNode expectProblem(int expectedStatus, String code) {
            assertThat(status).as("%s answered %s %s", request, status, body).isEqualTo(expectedStatus);
            assertThat(contentType()).as("content type of %s", request).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("code").asString()).as("code of %s: %s", request, body).isEqualTo(code);
            assertThat(problem.path("status").asInt()).as("status field of %s", request).isEqualTo(expectedStatus);
            assertThat(problem.has("type") && problem.has("title") && problem.has("detail"))
                    .as("type, title and detail in %s", body).isTrue();
            return problem;
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + body;
        }
    }
}
