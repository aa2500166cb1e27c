package org.iom.idm.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;
import static org.iom.idm.system.EndToEndSystemTest.byKey;
import static org.iom.idm.system.EndToEndSystemTest.ids;

/**
 * The read models are projections that can be rebuilt from the events at any time: after a scripted
 * scenario, resetting and replaying every processor yields read models equal to those before.
 */
@ExtendWith(SystemUnderTestExtension.class)
class ReplaySystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final String CHAIR = "chair";
    private static final String FRA = "delegate-fra";
    private static final String DEU = "delegate-deu";
    private static final String ITA = "delegate-ita";
    private static final String JPN = "delegate-jpn";
    private static final String TUV = "delegate-tuv";
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void rebuildingEveryProjectionYieldsTheSameReadModels(Api api) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Scenario scenario = new Scenario(api, suffix);
        scenario.run();

        Map<String, ProcessorState> before = awaitAllCaughtUp(api, Map.of());
        Map<String, String> readModelsBefore = snapshot(api, scenario);
        assertThat(readModelsBefore).hasSizeGreaterThan(20);

        api.send(api.queryService(), "POST", FRA, "/api/admin/projections/rebuild", null, "application/json")
                .expectProblem(403, "FORBIDDEN");
        JsonNode rebuild = api.send(api.queryService(), "POST", SECRETARIAT, "/api/admin/projections/rebuild", null,
                "application/json").expect(202);
        assertThat(ids(rebuild.path("processingGroups"), null)).containsExactlyInAnyOrderElementsOf(before.keySet());

        awaitAllCaughtUp(api, before);
        Map<String, String> readModelsAfter = snapshot(api, scenario);

        List<String> differences = new ArrayList<>();
        readModelsBefore.forEach((read, answer) -> {
            if (!answer.equals(readModelsAfter.get(read))) {
                differences.add(read + "\n  before: " + answer + "\n  after:  " + readModelsAfter.get(read));
            }
        });
        assertThat(readModelsAfter.keySet()).isEqualTo(readModelsBefore.keySet());
        assertThat(differences).as("read models that differ after the rebuild").isEmpty();
    }

    /** Where one processor stands: its segments' positions in the event stream. */
    record ProcessorState(Map<Integer, Long> positions) {
    }

    /**
     * Polls {@code /api/admin/projections} until every processor runs without error, is caught up and is not
     * replaying, and has every segment caught up; after a rebuild also with as many segments as before, each at least where
     * it stood before (no event was appended in between).
     */
    static Map<String, ProcessorState> awaitAllCaughtUp(Api api, Map<String, ProcessorState> before) {
        JsonNode[] last = new JsonNode[1];
        try {
            Await.until("every processor caught up and not replaying", REBUILD_TIMEOUT, () -> {
                last[0] = api.read(SECRETARIAT, "/api/admin/projections").expect(200);
                Map<String, ProcessorState> now = states(last[0]);
                if (now.isEmpty() || !before.isEmpty() && !now.keySet().equals(before.keySet())) {
                    return false;
                }
                for (JsonNode processor : last[0]) {
                    boolean settled = processor.path("running").asBoolean() && !processor.path("error").asBoolean()
                            && !processor.path("replaying").asBoolean() && processor.path("caughtUp").asBoolean();
                    // A segment's own "replaying" is not checked: Axon keeps a segment's replay token until an
                    // event past the reset point arrives, so it stays true after the replay when nothing new
                    // happens; the processor's flag is the one that tells.
                    for (JsonNode segment : processor.path("segments")) {
                        settled &= segment.path("caughtUp").asBoolean() && segment.path("error").isNull();
                    }
                    if (!settled) {
                        return false;
                    }
                }
                for (Map.Entry<String, ProcessorState> was : before.entrySet()) {
                    Map<Integer, Long> positions = now.get(was.getKey()).positions();
                    if (!positions.keySet().equals(was.getValue().positions().keySet())) {
                        return false;
                    }
                    for (Map.Entry<Integer, Long> segment : was.getValue().positions().entrySet()) {
                        Long position = positions.get(segment.getKey());
                        if (segment.getValue() != null && (position == null || position < segment.getValue())) {
                            return false;
                        }
                    }
                }
                return true;
            });
        } catch (AssertionError timeout) {
            throw new AssertionError(timeout.getMessage() + "; the last status: " + last[0], timeout);
        }
        return states(last[0]);
    }

    private static Map<String, ProcessorState> states(JsonNode status) {
        Map<String, ProcessorState> states = new LinkedHashMap<>();
        for (JsonNode processor : status) {
            Map<Integer, Long> positions = new LinkedHashMap<>();
            for (JsonNode segment : processor.path("segments")) {
                JsonNode position = segment.path("position");
                positions.put(segment.path("segment").asInt(), position.isNumber() ? position.asLong() : null);
            }
            states.put(processor.path("processingGroup").asString(), new ProcessorState(positions));
        }
        return states;
    }

    /**
     * The answer (status and JSON) of every read endpoint for every consultation, proposal and reader whose view
     * differs: the secretariat, the chair, an observer and delegates.
     */
    private static Map<String, String> snapshot(Api api, Scenario scenario) {
        Map<String, String> reads = new LinkedHashMap<>();
        record(api, reads, SECRETARIAT, "/api/consultations");
        record(api, reads, SECRETARIAT, "/api/member-states");
        record(api, reads, FRA, "/api/me");
        JsonNode consultations = api.read(SECRETARIAT, "/api/consultations").expect(200);
        for (String cid : ids(consultations, "id")) {
            String base = "/api/consultations/" + cid;
            JsonNode detail = api.read(SECRETARIAT, base).expect(200);
            reads.put("GET " + base + " as " + SECRETARIAT, detail.toString());
            for (String pid : ids(detail.path("proposals"), "id")) {
                record(api, reads, SECRETARIAT, base + "/proposals/" + pid);
                record(api, reads, FRA, base + "/proposals/" + pid);
            }
            for (String reader : List.of(SECRETARIAT, "observer", FRA)) {
                record(api, reads, reader, base + "/tally");
                record(api, reads, reader, base + "/ballots");
            }
            for (String delegate : List.of(FRA, DEU, ITA, JPN, TUV)) {
                record(api, reads, delegate, base + "/ballots/mine");
            }
        }
        assertThat(reads.keySet()).anyMatch(read -> read.contains(scenario.decided));
        return reads;
    }

    private static void record(Api api, Map<String, String> reads, String user, String path) {
        Api.Response response = api.read(user, path);
        assertThat(response.status()).as("%s", response).isIn(200, 403, 404);
        String answer = response.status() == 200 ? response.json().toString()
                : response.status() + " " + response.json().path("code").asString();
        reads.put("GET " + path + " as " + user, answer);
    }

    /**
     * A consultation taken to a decision, a follow-up under it, one left in voting, one cancelled, and member
     * states registered, suspended and reinstated.
     */
    private static final class Scenario {

        private final Api api;
        private final String decided;
        private final String followUp;
        private final String voting;
        private final String cancelled;
        private final String newState;

        Scenario(Api api, String suffix) {
            this.api = api;
            this.decided = "replay-decided-" + suffix;
            this.followUp = "replay-follow-up-" + suffix;
            this.voting = "replay-voting-" + suffix;
            this.cancelled = "replay-cancelled-" + suffix;
            this.newState = "QZY";
        }

        void run() {
            api.post(SECRETARIAT, "/api/member-states", body("code", newState, "name", "Replay Republic")).expect(201);
            api.post(SECRETARIAT, "/api/member-states/WSM/suspend-voting-rights", body("reason", "Arrears")).expect2xx();
            api.post(SECRETARIAT, "/api/member-states/TUV/suspend-voting-rights", body("reason", "Arrears")).expect2xx();
            api.post(SECRETARIAT, "/api/member-states/TUV/reinstate-voting-rights", null).expect2xx();

            create(decided, 2, 3, null);
            String a = submit(decided, SECRETARIAT, "Return and Reintegration");
            String b = submit(decided, FRA, "Integration Policies");
            String c = submit(decided, DEU, "Skills Partnerships");
            String d = submit(decided, ITA, "Search and Rescue");
            api.put(FRA, proposal(decided, b), body("title", "Integration Policies in Cities",
                    "summary", "France's amended suggestion.")).expect2xx();
            api.put(FRA, proposal(decided, b), body("title", "Integration Policies in Cities and Regions",
                    "summary", "France's second amendment.")).expect2xx();
            api.post(ITA, proposal(decided, d) + "/withdraw", body("reason", "Covered elsewhere")).expect2xx();
            String c1 = comment(decided, b, DEU, "Germany supports this.", null);
            comment(decided, b, JPN, "Japan would add language training.", c1);
            String c3 = comment(decided, b, ITA, "Something to hide.", null);
            String c4 = comment(decided, c, "observer", "Something to retract.", null);
            api.put(DEU, proposal(decided, b) + "/comments/" + c1, body("text", "Germany strongly supports this."))
                    .expect2xx();
            api.post(SECRETARIAT, proposal(decided, b) + "/comments/" + c3 + "/hide", body("reason", "Off topic"))
                    .expect2xx();
            api.post("observer", proposal(decided, c) + "/comments/" + c4 + "/retract", null).expect2xx();
            api.post(CHAIR, "/api/consultations/" + decided + "/open-voting", null).expect2xx();
            comment(decided, a, FRA, "A comment while voting.", null);
            api.put(FRA, ballot(decided, "FRA"), body("choices", List.of(a, b))).expect2xx();
            api.put(DEU, ballot(decided, "DEU"), body("choices", List.of(c))).expect2xx();
            api.put(JPN, ballot(decided, "JPN"), body("choices", List.of(b, c))).expect2xx();
            api.put(ITA, ballot(decided, "ITA"), body("abstain", true)).expect2xx();
            api.put(DEU, ballot(decided, "DEU"), body("choices", List.of(b, c))).expect2xx();
            api.put(TUV, ballot(decided, "TUV"), body("choices", List.of(a))).expect2xx();
            api.put(TUV, ballot(decided, "TUV"), body("abstain", true)).expect2xx();
            api.post(CHAIR, "/api/consultations/" + decided + "/close-voting", null).expect2xx();
            // b 3 votes, c 2, a 1: the top two are b and c, and the quorum of 3 is met.
            api.post(CHAIR, "/api/consultations/" + decided + "/decision", body("selected", List.of(b, c))).expect2xx();
            api.awaitRead(SECRETARIAT, "/api/consultations/" + decided,
                    detail -> "DECIDED".equals(detail.path("phase").asString()));

            create(followUp, 2, null, decided);
            submit(followUp, SECRETARIAT, "Municipal Integration Workshops");
            submit(followUp, FRA, "Language and Skills Recognition");

            create(voting, 1, null, null);
            String v1 = submit(voting, JPN, "Ageing Societies and Migration");
            submit(voting, DEU, "Digital Identity for Migrants");
            api.post(CHAIR, "/api/consultations/" + voting + "/open-voting", null).expect2xx();
            api.put(JPN, ballot(voting, "JPN"), body("choices", List.of(v1))).expect2xx();
            api.put(FRA, ballot(voting, "FRA"), body("abstain", true)).expect2xx();

            create(cancelled, 1, null, null);
            submit(cancelled, FRA, "A Theme Nobody Will Vote On");
            api.post(SECRETARIAT, "/api/consultations/" + cancelled + "/cancel", body("reason", "Superseded"))
                    .expect2xx();

            api.awaitRead(SECRETARIAT, "/api/consultations", all -> {
                Map<String, JsonNode> byId = byKey(all, "id");
                return "CANCELLED".equals(byId.get(cancelled).path("phase").asString())
                        && byId.get(followUp).path("proposalCount").asInt() == 2
                        && byId.get(voting).path("proposalCount").asInt() == 2;
            });
            api.awaitRead(SECRETARIAT, "/api/consultations/" + voting + "/tally",
                    tally -> tally.path("ballotsCast").asInt() == 2);
            api.awaitRead(SECRETARIAT, "/api/member-states", states -> {
                Map<String, JsonNode> byCode = byKey(states, "code");
                return byCode.containsKey(newState)
                        && "SUSPENDED".equals(byCode.get("WSM").path("votingRights").asString())
                        && "ACTIVE".equals(byCode.get("TUV").path("votingRights").asString());
            });
        }

        private void create(String id, int selectCount, Integer quorum, String parentId) {
            Map<String, Object> consultation = body("id", id, "title", "Replay " + id, "question", "What for " + id + "?",
                    "selectCount", selectCount);
            if (quorum != null) {
                consultation.put("quorum", quorum);
            }
            if (parentId != null) {
                consultation.put("parentId", parentId);
            }
            api.post(SECRETARIAT, "/api/consultations", consultation).expect(201);
        }

        private String submit(String cid, String user, String title) {
            return api.post(user, "/api/consultations/" + cid + "/proposals",
                    body("title", title, "summary", "Summary of " + title + ".")).expect(201).path("id").asString();
        }

        private String comment(String cid, String pid, String user, String text, String inReplyTo) {
            Map<String, Object> comment = body("text", text);
            if (inReplyTo != null) {
                comment.put("inReplyTo", inReplyTo);
            }
            return api.post(user, proposal(cid, pid) + "/comments", comment).expect(201).path("id").asString();
        }

        private static String proposal(String cid, String pid) {
            return "/api/consultations/" + cid + "/proposals/" + pid;
        }

        private static String ballot(String cid, String memberState) {
            return "/api/consultations/" + cid + "/ballots/" + memberState;
        }
    }
}
