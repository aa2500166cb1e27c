package org.iom.idm.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data in every state it can take, made through the API as users make it: a decided consultation (proposals amended
 * and withdrawn, replies three deep, edited, hidden and retracted comments, an abstention, a changed ballot, a state
 * suspended while voting ran), its follow-up, a cancelled consultation, one in voting, one closed, and a silence
 * procedure with a revised draft in circulation after a state broke silence on the first.
 */
record RichScenario(String decided, String followUp, String cancelled, String voting, String closed,
                    String silence, String suspendedState) {

    /** Malta: no other system test uses its voting rights; it stays suspended while the scenario is in use. */
    static final String SUSPENDED_STATE = "MLT";

    List<String> consultations() {
        return List.of(decided, followUp, cancelled, voting, closed, silence);
    }

    static RichScenario create(Api api) {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String decided = consultation(api, "rich-decided-" + tag, "Overarching theme, crawl " + tag, null);
        String southSouth = propose(api, "secretariat", decided, "South-South Migration " + tag,
                "Migration between countries of the global South.");
        String diasporas = propose(api, "delegate-phl", decided, "Diasporas " + tag, "Engaging diasporas in development.");
        String merged = propose(api, "delegate-mex", decided, "Labour mobility " + tag, "Skills partnerships.");
        ok(api.put("delegate-phl", proposal(decided, diasporas), Map.of("title", "Diasporas and development " + tag,
                "summary", "Engaging diasporas for development and trade.")));
        ok(api.put("delegate-phl", proposal(decided, diasporas), Map.of("title", "Diasporas as partners " + tag,
                "summary", "Engaging diasporas as partners for development and trade.")));
        ok(api.post("delegate-mex", proposal(decided, merged) + "/withdraw", Map.of("reason", "Merged with the diaspora proposal.")));

        String first = comment(api, "delegate-ken", decided, southSouth, "Kenya supports this theme.", null);
        String second = comment(api, "delegate-phl", decided, southSouth, "How would it differ from 2009?", first);
        comment(api, "secretariat", decided, southSouth, "It looks at flows between developing countries.", second);
        String edited = comment(api, "delegate-mex", decided, diasporas, "Mexico agrees in principle.", null);
        ok(api.put("delegate-mex", proposal(decided, diasporas) + "/comments/" + edited,
                Map.of("text", "Mexico agrees, with remittances in scope.")));
        String hidden = comment(api, "delegate-gha", decided, diasporas, "Off-topic advertisement.", null);
        ok(api.post("secretariat", proposal(decided, diasporas) + "/comments/" + hidden + "/hide",
                Map.of("reason", "Not about the proposal.")));
        String retracted = comment(api, "delegate-sen", decided, southSouth, "Posted too early.", first);
        ok(api.post("delegate-sen", proposal(decided, southSouth) + "/comments/" + retracted + "/retract", null));

        ok(api.post("chair", "/api/consultations/" + decided + "/open-voting", null));
        ok(api.put("delegate-phl", ballot(decided, "PHL"), Map.of("choices", List.of(diasporas))));
        ok(api.put("delegate-ken", ballot(decided, "KEN"), Map.of("choices", List.of(southSouth))));
        ok(api.put("delegate-ken", ballot(decided, "KEN"), Map.of("choices", List.of(diasporas))));
        ok(api.put("delegate-mex", ballot(decided, "MEX"), Map.of("abstain", true)));
        ok(api.post("secretariat", "/api/member-states/" + SUSPENDED_STATE + "/suspend-voting-rights",
                Map.of("reason", "Arrears of contributions.")));
        ok(api.post("chair", "/api/consultations/" + decided + "/close-voting", null));
        ok(api.post("chair", "/api/consultations/" + decided + "/decision", Map.of("selected", List.of(diasporas))));
        api.awaitRead("observer", "/api/consultations/" + decided, json -> "DECIDED".equals(json.path("phase").asText()));

        String followUp = consultation(api, "rich-follow-up-" + tag, "Workshop topics, crawl " + tag, decided);
        propose(api, "delegate-ken", followUp, "Remittances " + tag, "Lowering the cost of remittances.");

        String cancelled = consultation(api, "rich-cancelled-" + tag, "Cancelled consultation " + tag, null);
        ok(api.post("secretariat", "/api/consultations/" + cancelled + "/cancel", Map.of("reason", "Tabled twice by mistake.")));

        String voting = consultation(api, "rich-voting-" + tag, "Consultation in voting " + tag, null);
        String a = propose(api, "secretariat", voting, "Climate and migration " + tag, "Environmental drivers.");
        propose(api, "delegate-ken", voting, "Return and reintegration " + tag, "Sustainable return.");
        ok(api.post("chair", "/api/consultations/" + voting + "/open-voting", null));
        ok(api.put("delegate-phl", ballot(voting, "PHL"), Map.of("choices", List.of(a))));

        String closed = consultation(api, "rich-closed-" + tag, "Closed consultation " + tag, null);
        String b = propose(api, "secretariat", closed, "Health and migration " + tag, "Access to health care.");
        ok(api.post("chair", "/api/consultations/" + closed + "/open-voting", null));
        ok(api.put("delegate-ken", ballot(closed, "KEN"), Map.of("choices", List.of(b))));
        ok(api.post("chair", "/api/consultations/" + closed + "/close-voting", null));

        String silence = silenceProcedure(api, "rich-silence-" + tag, "Silence procedure, crawl " + tag);

        for (String cid : List.of(followUp, cancelled, voting, closed)) {
            api.awaitRead("observer", "/api/consultations/" + cid, json -> json.path("id").asText().equals(cid));
        }
        api.awaitRead("observer", "/api/consultations/" + closed, json -> "CLOSED".equals(json.path("phase").asText()));
        api.awaitRead("observer", "/api/consultations/" + cancelled, json -> "CANCELLED".equals(json.path("phase").asText()));
        return new RichScenario(decided, followUp, cancelled, voting, closed, silence, SUSPENDED_STATE);
    }

    /** Gives the suspended state its voting rights back. */
    void reinstate(Api api) {
        ok(api.post("secretariat", "/api/member-states/" + suspendedState + "/reinstate-voting-rights", null));
    }

    static String consultation(Api api, String id, String title, String parentId) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("id", id, "title", title,
                "question", "Which theme should the IDM take up?", "quorum", 2));
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        Api.Response created = api.post("secretariat", "/api/consultations", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return id;
    }

    /** Under the silence procedure: Kenya broke silence on the first draft; the revised one circulates for a week. */
    private static String silenceProcedure(Api api, String id, String title) {
        Api.Response created = api.post("secretariat", "/api/consultations", Map.of("id", id, "title", title,
                "question", "Which theme should the IDM take up?", "procedure", "SILENCE", "fallback", "RECORDED_VOTE"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String first = propose(api, "secretariat", id, "Migration and climate " + id, "Environmental drivers.");
        String second = propose(api, "delegate-ken", id, "Remittances " + id, "Lowering their cost.");
        String deadline = Instant.now().plus(Duration.ofDays(7)).toString();
        ok(api.post("chair", "/api/consultations/" + id + "/circulate",
                Map.of("selected", List.of(first), "text", "The theme is migration and climate.", "deadline", deadline)));
        ok(api.post("delegate-ken", "/api/consultations/" + id + "/break-silence",
                Map.of("reason", "Remittances matter more to our region.")));
        ok(api.post("chair", "/api/consultations/" + id + "/circulate",
                Map.of("selected", List.of(second), "text", "The theme is remittances.", "deadline", deadline)));
        api.awaitRead("observer", "/api/consultations/" + id,
                json -> json.path("circulation").path("number").asInt() == 2);
        return id;
    }

    static String propose(Api api, String user, String cid, String title, String summary) {
        Api.Response created = api.post(user, "/api/consultations/" + cid + "/proposals",
                Map.of("title", title, "summary", summary));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    static String comment(Api api, String user, String cid, String pid, String text, String inReplyTo) {
        Map<String, Object> body = inReplyTo == null ? Map.of("text", text) : Map.of("text", text, "inReplyTo", inReplyTo);
        Api.Response created = api.post(user, proposal(cid, pid) + "/comments", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static String proposal(String cid, String pid) {
        return "/api/consultations/" + cid + "/proposals/" + pid;
    }

    private static String ballot(String cid, String state) {
        return "/api/consultations/" + cid + "/ballots/" + state;
    }

    static void ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
    }
}
