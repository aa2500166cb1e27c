package org.iom.idm.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every write endpoint does with requests that go wrong before or inside the rules: missing or wrong
 * credentials, bodies over the limit with and without Content-Length, wrong content types, malformed JSON,
 * and commands that a rule refuses. Each endpoint's scenario first arranges a fresh state in which its valid
 * request is accepted, so every refusal below is a refusal of a request that would otherwise change the store.
 */
class ErrorHandlingApiTest extends ApiTestSupport {

    /** A request: who sends it, where, and its JSON body (null: none). */
    record Call(String user, String method, String path, Map<String, ?> body) {
    }

    /** A write endpoint and how to arrange a fresh state in which {@code call} is accepted. */
    record Endpoint(String name, boolean hasBody, Function<ErrorHandlingApiTest, Call> arrange) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A request to an endpoint that a business rule refuses with {@code status} and {@code code}. */
    record Rejection(String name, int status, String code, Function<ErrorHandlingApiTest, Call> arrange) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Endpoint> writeEndpoints() {
        return List.of(
                new Endpoint("POST /api/consultations", true, t -> new Call(SECRETARIAT, "POST",
                        "/api/consultations", Map.of("id", uniqueId("c"), "title", "A theme", "question", "Which?"))),
                new Endpoint("POST /api/consultations/{cid}/cancel", true, t -> new Call(SECRETARIAT, "POST",
                        consultation(t.newConsultation()) + "/cancel", reason("Superseded"))),
                new Endpoint("POST /api/consultations/{cid}/open-voting", false, t -> {
                    String cid = t.newConsultation();
                    t.submitProposal(cid, SECRETARIAT);
                    return new Call(CHAIR, "POST", consultation(cid) + "/open-voting", null);
                }),
                new Endpoint("POST /api/consultations/{cid}/close-voting", false, t -> {
                    String cid = t.votingConsultation();
                    return new Call(CHAIR, "POST", consultation(cid) + "/close-voting", null);
                }),
                new Endpoint("POST /api/consultations/{cid}/proposals", true, t -> new Call(SECRETARIAT, "POST",
                        proposalsOf(t.newConsultation()), Map.of("title", "A new theme", "summary", "Why"))),
                new Endpoint("PUT /api/consultations/{cid}/proposals/{pid}", true, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    return new Call(SECRETARIAT, "PUT", proposal(cid, pid),
                            Map.of("title", "An amended theme", "summary", "Why now"));
                }),
                new Endpoint("POST /api/consultations/{cid}/proposals/{pid}/withdraw", true, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    return new Call(SECRETARIAT, "POST", proposal(cid, pid) + "/withdraw", reason("Merged"));
                }),
                new Endpoint("POST /api/consultations/{cid}/proposals/{pid}/comments", true, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    return new Call(OBSERVER, "POST", proposal(cid, pid) + "/comments", Map.of("text", "Agreed"));
                }),
                new Endpoint("PUT /api/consultations/{cid}/proposals/{pid}/comments/{mid}", true, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    String mid = t.addComment(cid, pid, OBSERVER);
                    return new Call(OBSERVER, "PUT", comment(cid, pid, mid), Map.of("text", "Agreed, on reflection"));
                }),
                new Endpoint("POST /api/consultations/{cid}/proposals/{pid}/comments/{mid}/retract", false, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    String mid = t.addComment(cid, pid, OBSERVER);
                    return new Call(OBSERVER, "POST", comment(cid, pid, mid) + "/retract", null);
                }),
                new Endpoint("POST /api/consultations/{cid}/proposals/{pid}/comments/{mid}/hide", true, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    String mid = t.addComment(cid, pid, OBSERVER);
                    return new Call(SECRETARIAT, "POST", comment(cid, pid, mid) + "/hide", reason("Off topic"));
                }),
                new Endpoint("PUT /api/consultations/{cid}/ballots/{memberState}", true, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    t.openVoting(cid);
                    String state = claimMemberState();
                    return new Call(delegateOf(state), "PUT", consultation(cid) + "/ballots/" + state,
                            Map.of("choices", List.of(pid)));
                }),
                new Endpoint("POST /api/consultations/{cid}/decision", true, t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    t.openVoting(cid);
                    t.closeVoting(cid);
                    return new Call(CHAIR, "POST", consultation(cid) + "/decision",
                            Map.of("selected", List.of(pid), "rationale", "No ballots were cast"));
                }),
                new Endpoint("POST /api/member-states", true, t -> new Call(SECRETARIAT, "POST",
                        "/api/member-states", Map.of("code", t.unregisteredCode(), "name", "Newland"))),
                new Endpoint("POST /api/member-states/{code}/suspend-voting-rights", true, t -> new Call(SECRETARIAT,
                        "POST", memberState(t.registerMemberState()) + "/suspend-voting-rights", reason("Arrears"))),
                new Endpoint("POST /api/member-states/{code}/reinstate-voting-rights", false, t -> {
                    String code = t.registerMemberState();
                    assertNoContent(t.as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights",
                            reason("Arrears")));
                    return new Call(SECRETARIAT, "POST", memberState(code) + "/reinstate-voting-rights", null);
                }));
    }

    static Stream<Endpoint> endpointsWithBody() {
        return writeEndpoints().stream().filter(Endpoint::hasBody);
    }

    /** For every endpoint, a request that reaches the rules and is refused by one of them. */
    static List<Rejection> rejectedCommands() {
        return List.of(
                new Rejection("POST /api/consultations with an existing id", 409, "ALREADY_EXISTS",
                        t -> new Call(SECRETARIAT, "POST", "/api/consultations",
                                Map.of("id", t.newConsultation(), "title", "Again", "question", "Which?"))),
                new Rejection("POST /api/consultations/{cid}/cancel when cancelled", 409, "WRONG_PHASE", t -> {
                    String cid = t.newConsultation();
                    assertNoContent(t.as(SECRETARIAT).post(consultation(cid) + "/cancel", reason("Superseded")));
                    return new Call(SECRETARIAT, "POST", consultation(cid) + "/cancel", reason("Twice"));
                }),
                new Rejection("POST /api/consultations/{cid}/open-voting without proposals", 409, "WRONG_PHASE",
                        t -> new Call(CHAIR, "POST", consultation(t.newConsultation()) + "/open-voting", null)),
                new Rejection("POST /api/consultations/{cid}/close-voting while open", 409, "WRONG_PHASE",
                        t -> new Call(CHAIR, "POST", consultation(t.newConsultation()) + "/close-voting", null)),
                new Rejection("POST /api/consultations/{cid}/proposals with a duplicate title", 409,
                        "DUPLICATE_TITLE", t -> {
                    String cid = t.newConsultation();
                    t.submitProposal(cid, SECRETARIAT, "Labour Mobility");
                    return new Call(SECRETARIAT, "POST", proposalsOf(cid),
                            Map.of("title", "labour mobility", "summary", "Again"));
                }),
                new Rejection("PUT /api/consultations/{cid}/proposals/{pid} by another member state", 403,
                        "FORBIDDEN", t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, delegateOf(claimMemberState()));
                    return new Call(delegateOf(claimMemberState()), "PUT", proposal(cid, pid),
                            Map.of("title", "Taken over", "summary", "Mine now"));
                }),
                new Rejection("POST /api/consultations/{cid}/proposals/{pid}/withdraw when withdrawn", 409,
                        "PROPOSAL_WITHDRAWN", t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    t.withdraw(cid, pid, SECRETARIAT);
                    return new Call(SECRETARIAT, "POST", proposal(cid, pid) + "/withdraw", reason("Twice"));
                }),
                new Rejection("POST /api/consultations/{cid}/proposals/{pid}/comments on a withdrawn proposal", 409,
                        "PROPOSAL_WITHDRAWN", t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    t.withdraw(cid, pid, SECRETARIAT);
                    return new Call(OBSERVER, "POST", proposal(cid, pid) + "/comments", Map.of("text", "Pity"));
                }),
                new Rejection("PUT /api/consultations/{cid}/proposals/{pid}/comments/{mid} by another user", 403,
                        "FORBIDDEN", t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    String mid = t.addComment(cid, pid, OBSERVER);
                    return new Call(CHAIR, "PUT", comment(cid, pid, mid), Map.of("text", "Rewritten"));
                }),
                new Rejection("POST /api/consultations/{cid}/proposals/{pid}/comments/{mid}/retract when retracted",
                        409, "WRONG_PHASE", t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    String mid = t.addComment(cid, pid, OBSERVER);
                    assertNoContent(t.as(OBSERVER).post(comment(cid, pid, mid) + "/retract"));
                    return new Call(OBSERVER, "POST", comment(cid, pid, mid) + "/retract", null);
                }),
                new Rejection("POST /api/consultations/{cid}/proposals/{pid}/comments/{mid}/hide by the chair", 403,
                        "FORBIDDEN", t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    String mid = t.addComment(cid, pid, OBSERVER);
                    return new Call(CHAIR, "POST", comment(cid, pid, mid) + "/hide", reason("Off topic"));
                }),
                new Rejection("PUT /api/consultations/{cid}/ballots/{memberState} with too many choices", 409,
                        "TOO_MANY_CHOICES", t -> {
                    String cid = t.newConsultation();
                    String first = t.submitProposal(cid, SECRETARIAT);
                    String second = t.submitProposal(cid, SECRETARIAT);
                    t.openVoting(cid);
                    String state = claimMemberState();
                    return new Call(delegateOf(state), "PUT", consultation(cid) + "/ballots/" + state,
                            Map.of("choices", List.of(first, second)));
                }),
                new Rejection("POST /api/consultations/{cid}/decision without a needed rationale", 409,
                        "RATIONALE_REQUIRED", t -> {
                    String cid = t.newConsultation();
                    String pid = t.submitProposal(cid, SECRETARIAT);
                    t.openVoting(cid);
                    t.closeVoting(cid);
                    return new Call(CHAIR, "POST", consultation(cid) + "/decision", Map.of("selected", List.of(pid)));
                }),
                new Rejection("POST /api/member-states with a registered code", 409, "ALREADY_EXISTS",
                        t -> new Call(SECRETARIAT, "POST", "/api/member-states",
                                Map.of("code", t.registerMemberState(), "name", "Again"))),
                new Rejection("POST /api/member-states/{code}/suspend-voting-rights of an unknown state", 404,
                        "NOT_FOUND", t -> new Call(SECRETARIAT, "POST",
                        memberState(t.unregisteredCode()) + "/suspend-voting-rights", reason("Arrears"))),
                new Rejection("POST /api/member-states/{code}/reinstate-voting-rights by an observer", 403,
                        "FORBIDDEN", t -> {
                    String code = t.registerMemberState();
                    assertNoContent(t.as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights",
                            reason("Arrears")));
                    return new Call(OBSERVER, "POST", memberState(code) + "/reinstate-voting-rights", null);
                }));
    }

    // --- the scenarios themselves hold ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeEndpoints")
    void everyEndpointAcceptsItsValidRequestAndStoresAnEvent(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);
        long before = storedEventCount();

        Reply reply = send(call);

        assertThat(reply.status()).as("%s", reply).isIn(201, 204);
        assertThat(storedEventCount()).isEqualTo(before + 1);
    }

    // --- credentials ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeEndpoints")
    void refusesARequestWithoutCredentials(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        Reply reply = assertRejected(401, "UNAUTHENTICATED", () -> send(anonymous(), call));

        assertThat(reply.header("WWW-Authenticate")).startsWith("Basic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeEndpoints")
    void refusesARequestWithAWrongPassword(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(401, "UNAUTHENTICATED", () -> send(withCredentials(call.user(), "not-" + PASSWORD), call));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeEndpoints")
    void refusesARequestFromAnUnknownUser(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(401, "UNAUTHENTICATED", () -> send(withCredentials("nobody", PASSWORD), call));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!not-base64!!!", "Basic c2VjcmV0YXJpYXQ=", "Bearer some.opaque.token", "Digest x"})
    void refusesMalformedOrForeignAuthorizationHeaders(String authorization) {
        assertRejected(401, "UNAUTHENTICATED", () -> anonymous().header("Authorization", authorization)
                .post("/api/consultations", Map.of("title", "A theme", "question", "Which?")));
    }

    // --- request body limit -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeEndpoints")
    void refusesABodyOverTheLimitWithContentLength(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(413, "PAYLOAD_TOO_LARGE", () -> as(call.user()).send(call.method(), call.path(), JSON_TYPE,
                withLength(oversize(bodyOf(call)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeEndpoints")
    void refusesAChunkedBodyOverTheLimitWithoutContentLength(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(413, "PAYLOAD_TOO_LARGE", () -> as(call.user()).send(call.method(), call.path(), JSON_TYPE,
                chunked(oversize(bodyOf(call)))));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void acceptsABodyOfExactlyTheLimit(boolean withContentLength) {
        String id = uniqueId("c");
        Map<String, String> body = new LinkedHashMap<>(Map.of("id", id, "title", "A theme", "question", "Which?"));
        body.put("padding", "");
        body.put("padding", "x".repeat(BODY_LIMIT - json(body).length()));
        String exactlyTheLimit = json(body);
        assertThat(exactlyTheLimit.getBytes(StandardCharsets.UTF_8)).hasSize(BODY_LIMIT);

        Reply reply = as(SECRETARIAT).send("POST", "/api/consultations", JSON_TYPE,
                withContentLength ? withLength(exactlyTheLimit) : chunked(exactlyTheLimit));

        assertThat(assertCreated(reply, "id")).isEqualTo(id);
    }

    // --- content type and shape -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithBody")
    void refusesABodyThatIsNotDeclaredAsJson(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(415, "UNSUPPORTED_MEDIA_TYPE", () -> as(call.user()).send(call.method(), call.path(),
                "text/plain", withLength(json(call.body()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithBody")
    void refusesABodyWithoutContentType(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(415, "UNSUPPORTED_MEDIA_TYPE", () -> as(call.user()).send(call.method(), call.path(),
                null, withLength(json(call.body()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithBody")
    void refusesAnUnparseableContentType(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(415, "UNSUPPORTED_MEDIA_TYPE", () -> as(call.user()).send(call.method(), call.path(),
                "json, please", withLength(json(call.body()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithBody")
    void refusesMalformedJson(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);
        String valid = json(call.body());

        assertRejected(400, "MALFORMED_REQUEST", () -> as(call.user()).send(call.method(), call.path(), JSON_TYPE,
                withLength(valid.substring(0, valid.length() - 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithBody")
    void refusesAMissingBody(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(400, "MALFORMED_REQUEST", () -> as(call.user()).send(call.method(), call.path(), JSON_TYPE,
                BodyPublishers.noBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithBody")
    void refusesJsonThatIsNotAnObject(Endpoint endpoint) {
        Call call = endpoint.arrange().apply(this);

        assertRejected(400, "MALFORMED_REQUEST", () -> as(call.user()).send(call.method(), call.path(), JSON_TYPE,
                withLength(json(List.of(call.body())))));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"title\": {\"text\": \"A theme\"}, \"question\": \"Which?\"}",
            "{\"title\": \"A theme\", \"question\": [\"Which?\"]}",
            "{\"title\": \"A theme\", \"question\": \"Which?\", \"selectCount\": \"two\"}",
            "{\"title\": \"A theme\", \"question\": \"Which?\", \"quorum\": true}",
            "{\"title\": \"A theme\", \"question\": \"Which?\", \"selectCount\": 99999999999999999999}",
            "{\"title\": \"A theme\", \"question\": \"Which?\", \"selectCount\": 1.5}",
            "{\"title\": \"A theme\", \"question\": \"Which?\", \"selectCount\": \"2\"}",
            "{\"title\": 5, \"question\": \"Which?\"}",
            "{\"title\": true, \"question\": \"Which?\"}",
            "null"})
    void refusesFieldsOfTheWrongType(String body) {
        assertRejected(400, "MALFORMED_REQUEST", () -> as(SECRETARIAT).send("POST", "/api/consultations",
                JSON_TYPE, withLength(body)));
    }

    @Test
    void refusesJsonNestedDeeperThanTheParserAllows() {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);

        assertRejected(400, "MALFORMED_REQUEST", () -> as(SECRETARIAT).send("POST", "/api/consultations",
                JSON_TYPE, withLength("{\"title\": " + nested + ", \"question\": \"Which?\"}")));
    }

    @Test
    void refusesABodyThatIsNotUtf8() {
        byte[] latin1 = "{\"title\": \"Migra\u00e7\u00e3o\", \"question\": \"Which?\"}"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertRejected(400, "MALFORMED_REQUEST", () -> as(SECRETARIAT).send("POST", "/api/consultations",
                JSON_TYPE, BodyPublishers.ofByteArray(latin1)));
    }

    // --- routing ----------------------------------------------------------------------------------------------

    @Test
    void answersAnUnknownPathWithNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post("/api/no-such-thing", Map.of("x", 1)));
    }

    @Test
    void answersAMethodTheWriteApiDoesNotOfferWithMethodNotAllowed() {
        assertRejected(405, "METHOD_NOT_ALLOWED", () -> as(SECRETARIAT).send("DELETE", "/api/member-states",
                null, BodyPublishers.noBody()));
    }

    @Test
    void answersAnUnsupportedAcceptHeaderWithoutChangingAnything() {
        assertRejected(406, "NOT_ACCEPTABLE", () -> as(SECRETARIAT).header("Accept", "application/xml")
                .post("/api/consultations", Map.of("title", "A theme", "question", "Which?")));
    }

    /** Paths that the servlet container or the security firewall refuse before any controller sees them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "/api/consultations/a;b/cancel",
            "/api/consultations/a%25b/cancel",
            "/api/consultations/%2e%2e/cancel",
            "/api/consultations/a%2Fb/cancel"})
    void refusesSuspiciousPathsWithAMalformedRequestProblem(String path) {
        assertRejected(400, "MALFORMED_REQUEST", () -> as(SECRETARIAT).post(path, reason("Superseded")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void answersRequestsToTheErrorPathWithoutAnInternalError(String method) {
        Reply reply = as(SECRETARIAT).send(method, "/error", null, BodyPublishers.noBody());

        assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
        assertThat(reply.header("Content-Type")).as("%s", reply).startsWith(PROBLEM_JSON);
    }

    // --- concurrency ------------------------------------------------------------------------------------------

    @Test
    void concurrentCreationsOfOneIdCreateItOnceAndRefuseTheRest() {
        String id = uniqueId("race");
        long before = storedEventCount();

        List<Reply> replies = concurrently(8, () -> as(SECRETARIAT).post("/api/consultations",
                Map.of("id", id, "title", "A theme", "question", "Which?")));

        assertThat(replies).filteredOn(reply -> reply.status() == 201).hasSize(1);
        replies.stream().filter(reply -> reply.status() != 201).forEach(reply -> {
            assertThat(reply.status()).as("%s", reply).isEqualTo(409);
            assertThat(reply.header("Content-Type")).startsWith(PROBLEM_JSON);
            assertThat(reply.json().path("code").asString()).isIn("ALREADY_EXISTS", "CONCURRENT_MODIFICATION");
        });
        assertThat(eventsOf(id)).hasSize(1);
        assertThat(storedEventCount()).isEqualTo(before + 1);
    }

    @Test
    void concurrentCommandsOnOneConsultationAreEachAcceptedOrRefusedAsConcurrentNeverFailed() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        long before = storedEventCount();

        List<Reply> replies = concurrently(8, () -> as(OBSERVER).post(proposal(cid, pid) + "/comments",
                Map.of("text", "At the same time")));

        List<Reply> accepted = replies.stream().filter(reply -> reply.status() == 201).toList();
        replies.stream().filter(reply -> reply.status() != 201)
                .forEach(reply -> assertProblem(reply, 409, "CONCURRENT_MODIFICATION"));
        assertThat(storedEventCount()).isEqualTo(before + accepted.size());
    }

    // --- correlation ids --------------------------------------------------------------------------------------

    @Test
    void echoesTheClientsCorrelationIdOnAProblem() {
        Reply reply = assertRejected(401, "UNAUTHENTICATED", () -> anonymous()
                .header("X-Correlation-Id", "client-run-42").post("/api/consultations", Map.of()));

        assertThat(reply.header("X-Correlation-Id")).isEqualTo("client-run-42");
    }

    @Test
    void replacesAnUnusableCorrelationIdWithAFreshOne() {
        Reply reply = assertRejected(400, "VALIDATION_FAILED", () -> as(SECRETARIAT)
                .header("X-Correlation-Id", "not a usable id <script>").post("/api/consultations", Map.of()));

        assertThat(reply.header("X-Correlation-Id")).isNotBlank().doesNotContain(" ", "<");
    }

    // --- store unchanged --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCommands")
    void aRejectedCommandLeavesTheEventStoreUnchanged(Rejection rejection) {
        Call call = rejection.arrange().apply(this);
        String aggregate = aggregateOf(call);
        int streamBefore = eventsOf(aggregate).size();

        assertRejected(rejection.status(), rejection.code(), () -> send(call));

        assertThat(eventsOf(aggregate)).hasSize(streamBefore);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private String votingConsultation() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);
        openVoting(cid);
        return cid;
    }

    private Reply send(Call call) {
        return send(as(call.user()), call);
    }

    private static Reply send(Caller caller, Call call) {
        return caller.send(call.method(), call.path(), call.body() == null ? null : JSON_TYPE,
                call.body() == null ? BodyPublishers.noBody() : withLength(json(call.body())));
    }

    /** The consultation or member state a call addresses: its path's third segment, or the new one's id. */
    private static String aggregateOf(Call call) {
        String[] segments = call.path().split("/");
        if (segments.length > 3) {
            return segments[3];
        }
        Object id = call.body().containsKey("id") ? call.body().get("id") : call.body().get("code");
        return id.toString();
    }

    private static Map<String, ?> bodyOf(Call call) {
        return call.body() == null ? Map.of() : call.body();
    }
}
