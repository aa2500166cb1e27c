package org.iom.idm.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The services as a client sees them: writes to the command service, reads from the query service, HTTP Basic. */
final class Api {

    static final String SECRETARIAT = "secretariat";
    static final String CHAIR = "chair";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String PASSWORD = "demo";
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
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    Api(URI commandService, URI queryService) {
        this.commandService = commandService;
        this.queryService = queryService;
    }

    record Response(int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The body as JSON, or a failure naming the request when the status is not 2xx. */
        JsonNode expectOk(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + " " + body);
            }
            return body.isBlank() ? JSON.missingNode() : json();
        }
    }

    static String delegate(String memberState) {
        return "delegate-" + memberState.toLowerCase(Locale.ROOT);
    }

    HttpClient http() {
        return http;
    }

    URI queryService() {
        return queryService;
    }

    Response read(String user, String path) {
        return send(queryService, "GET", user, path, null);
    }

    Response post(String user, String path, String json) {
        return send(commandService, "POST", user, path, json);
    }

    /**
     * Signs the user in at the command service and, if it reads there too, at the query service, with a request
     * that needs nothing else (the command service has no reads: it answers 404 once the user is authenticated);
     * fails if the password is refused.
     */
    void signIn(String user, boolean readsToo) {
        for (URI service : readsToo ? List.of(commandService, queryService) : List.of(commandService)) {
            Response response = send(service, "GET", user, SIGN_IN_PATH, null);
            if (response.status() == HTTP_UNAUTHORIZED) {
                throw new IllegalStateException(user + " cannot sign in at " + service + ": " + response.body());
            }
        }
    }

    /** POST on the query service: its operations endpoints. */
    Response postToQueryService(String user, String path) {
        return send(queryService, "POST", user, path, null);
    }

    Response put(String user, String path, String json) {
        return send(commandService, "PUT", user, path, json);
    }

    String authorization(String user) {
        return authorizations.computeIfAbsent(user, name -> "Basic " + Base64.getEncoder()
                .encodeToString((name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private Response send(URI service, String method, String user, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", authorization(user));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " as " + user + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }
}
