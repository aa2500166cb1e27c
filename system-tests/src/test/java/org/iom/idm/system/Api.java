package org.iom.idm.system;

import org.iom.idm.harness.ServiceApi;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** The harness's client, with what only the system tests ask of it: waiting for reads, counting refused creations. */
final class Api extends ServiceApi {

    /** The endpoints that create a new aggregate, i.e. a new stream in the event store. */
    private static final Set<String> CREATIONS = Set.of("/api/consultations", "/api/member-states");

    private final AtomicInteger refusedCreations = new AtomicInteger();

    Api(URI commandService, URI queryService) {
        super(commandService, queryService);
    }

    /**
     * How many creations the command service refused with 409 ALREADY_EXISTS so far. Each of them got as far as
     * inserting the new stream's first event, which the event store's unique key refused: the global index value
     * it had drawn from the sequence is then never used (a sequence does not roll back).
     */
    int refusedCreations() {
        return refusedCreations.get();
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

    /**
     * A fresh open consultation with one proposal, both made by the secretariat, once the query service shows the
     * proposal; answers the proposal's path, e.g. {@code /consultations/{cid}/proposals/{pid}}.
     */
    String proposalOfANewConsultation(String idPrefix, String title, String summary) {
        String cid = idPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        post("secretariat", "/api/consultations", EndToEndSystemTest.body("id", cid, "title", "Consultation " + cid,
                "question", "Which theme?")).expect(201);
        String pid = post("secretariat", "/api/consultations/" + cid + "/proposals",
                EndToEndSystemTest.body("title", title, "summary", summary)).expect(201).path("id").asString();
        String path = "/consultations/" + cid + "/proposals/" + pid;
        awaitRead("observer", "/api" + path, proposal -> proposal.isObject());
        return path;
    }

    /** A condition on a read model that is not there yet (a missing element, say) is simply not met yet. */
    private static boolean satisfies(Predicate<JsonNode> ready, JsonNode json) {
        try {
            return ready.test(json);
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    @Override
    public Response send(URI service, String method, String user, String path, Object body, String accept) {
        Response response = super.send(service, method, user, path, body, accept);
        if (service.equals(commandService()) && "POST".equals(method) && CREATIONS.contains(path)
                && response.status() == 409 && response.body().contains("\"ALREADY_EXISTS\"")) {
            refusedCreations.incrementAndGet();
        }
        return response;
    }
}
