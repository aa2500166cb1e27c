package org.iom.idm.harness;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services as a client sees them: writes go to the command service, reads to the query service, each as a
 * demo user with HTTP Basic.
 */
public class ServiceApi {

    /** The demo users' password (the services under test run without IDM_DEMO_PASSWORD). */
    public static final String PASSWORD = "demo";
    public static final String SECRETARIAT = "secretariat";
    public static final String CHAIR = "chair";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SIGN_IN_PATH = "/api/me";
    private static final int HTTP_UNAUTHORIZED = 401;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI commandService;
    private final URI queryService;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    /** Encoded once per user: the benchmark sends many requests as few users. */
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    public ServiceApi(URI commandService, URI queryService) {
        this.commandService = commandService;
        this.queryService = queryService;
    }

    /** The demo user of a member state's delegate, e.g. {@code delegate-phl}. */
    public static String delegate(String memberState) {
        return "delegate-" + memberState.toLowerCase(Locale.ROOT);
    }

    public static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    public HttpClient http() {
        return http;
    }

    public URI commandService() {
        return commandService;
    }

    public URI queryService() {
        return queryService;
    }

    public String authorization(String user) {
        return authorizations.computeIfAbsent(user, ServiceApi::basic);
    }

    /** GET on the query service. */
    public Response read(String user, String path) {
        return send(queryService, "GET", user, path, null, "application/json");
    }

    /** POST on the command service; the body is JSON text or an object to write as JSON. */
    public Response post(String user, String path, Object body) {
        return send(commandService, "POST", user, path, body, "application/json");
    }

    /** PUT on the command service. */
    public Response put(String user, String path, Object body) {
        return send(commandService, "PUT", user, path, body, "application/json");
    }

    /**
     * Signs the user in at the command service and, if it reads there too, at the query service, with a request
     * that needs nothing else (the command service has no reads: it answers 404 once the user is authenticated);
     * fails if the password is refused.
     */
    public void signIn(String user, boolean readsToo) {
        for (URI service : readsToo ? List.of(commandService, queryService) : List.of(commandService)) {
            Response response = send(service, "GET", user, SIGN_IN_PATH, null, "application/json");
            if (response.status() == HTTP_UNAUTHORIZED) {
                throw new IllegalStateException(user + " cannot sign in at " + service + ": " + response.body());
            }
        }
    }

    /** Any request; without a user it is sent anonymously. A request that gets no answer throws UncheckedIOException. */
    public Response send(URI service, String method, String user, String path, Object body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", accept);
        if (user != null) {
            request.header("Authorization", authorization(user));
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
            return new Response(description, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(description + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(description + " interrupted", e);
        }
    }

    /** An answer, with the request it answers for the messages of failed expectations. */
    public record Response(String request, int status, HttpHeaders headers, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON (missing if empty). */
        public JsonNode json() {
            return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** Asserts the status and returns the JSON body (missing if empty). */
        public JsonNode expect(int expected) {
            check(status == expected, "expected " + expected);
            return json();
        }

        /** Asserts a 2xx status and returns the JSON body (missing if empty). */
        public JsonNode expect2xx() {
            check(ok(), "expected 2xx");
            return json();
        }

        /** Asserts an RFC 9457 problem with the contract's status and stable code. */
        public JsonNode expectProblem(int expectedStatus, String code) {
            check(status == expectedStatus, "expected " + expectedStatus);
            check(contentType().startsWith("application/problem+json"), "expected application/problem+json, got "
                    + contentType());
            JsonNode problem = json();
            check(code.equals(problem.path("code").asString()), "expected the code " + code);
            check(problem.path("status").asInt() == expectedStatus, "expected the status field " + expectedStatus);
            check(problem.has("type") && problem.has("title") && problem.has("detail"),
                    "expected type, title and detail");
            return problem;
        }

        private void check(boolean holds, String expectation) {
            if (!holds) {
                throw new AssertionError(expectation + ": " + this);
            }
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + body;
        }
    }
}
