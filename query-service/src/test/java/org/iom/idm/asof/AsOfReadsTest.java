package org.iom.idm.asof;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET ...?asOf= (CONTRACT §7) through the web stack: the consultation, a proposal, the tally and the ballots as they
 * stood at an instant, rebuilt from the events up to it, seen by each role as the rules of that moment's phase let
 * it see them. The events carry known timestamps (a minute apart), so each moment's instant is exact.
 */
class AsOfReadsTest extends AbstractProjectionTest {

    private static final String PASSWORD = "demo";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ROLES = List.of("secretariat", "chair", "observer", "delegate-phl");

    @Autowired
    private WebApplicationContext context;
    private MockMvc mvc;

    @BeforeEach
    void webStack() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    /** One step of the scenario: the instant of its last event and every read of every role just after it. */
    private record Moment(String step, Instant at, Map<String, Reply> reads) {
    }

    @Test
    void asOfEachMomentEveryRoleReadsWhatItReadThen() {
        String cid = newConsultationId("as-of");
        List<String> paths = paths(cid);
        List<Moment> moments = new ArrayList<>();
        Scenario scenario = new Scenario(cid);
        for (Map.Entry<String, Runnable> step : scenario.steps().entrySet()) {
            step.getValue().run();
            moments.add(new Moment(step.getKey(), scenario.last, readAll(paths, null)));
        }

        for (Moment moment : moments) {
            Map<String, Reply> then = readAll(paths, moment.at());
            moment.reads().forEach((read, reply) -> assertSame(moment.step() + ": " + read, then.get(read), reply));
        }
        // The moments differ from one another, so the comparison above compares something.
        assertThat(moments.stream().map(moment -> moment.reads().get("chair " + paths.get(2)).text()).distinct())
                .hasSize(moments.size());
    }

    @Test
    void asOfAMomentOfVotingNoCountReachesADelegateOrAnObserverAfterTheDecision() {
        String cid = newConsultationId("as-of-sealed");
        Scenario scenario = new Scenario(cid);
        Instant voting = null;
        for (Map.Entry<String, Runnable> step : scenario.steps().entrySet()) {
            step.getValue().run();
            if (step.getKey().equals("ballot changed")) {
                voting = scenario.last;
            }
        }
        assertThat(ok(get("observer", "/api/consultations/" + cid, null)).path("phase").asString()).isEqualTo("DECIDED");

        for (String reader : List.of("delegate-phl", "observer")) {
            for (String sealed : List.of("/tally", "/ballots")) {
                Reply reply = get(reader, "/api/consultations/" + cid + sealed, voting);
                assertProblem(reply, 403, "FORBIDDEN");
                assertThat(reply.text()).doesNotContain("ballotsCast", "votes", "choices", "PHL", "KEN");
            }
            assertThat(ok(get(reader, "/api/consultations/" + cid, voting)).path("phase").asString())
                    .isEqualTo("VOTING");
        }
        JsonNode chairsTallyThen = ok(get("chair", "/api/consultations/" + cid + "/tally", voting));
        assertThat(chairsTallyThen.path("phase").asString()).isEqualTo("VOTING");
        assertThat(chairsTallyThen.path("ballotsCast").asInt()).isEqualTo(3);
    }

    @Test
    void theEventsAtTheInstantItselfCountAndLaterOnesDoNot() {
        String cid = newConsultationId("as-of-edge");
        Instant created = feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Between southern countries.",
                        Proposer.ADMINISTRATION));
        Instant amended = feed(cid, SECRETARIAT, new ProposalAmended(cid, "p1", 2, "South-South Mobility",
                "Mobility between southern countries."));
        String proposal = "/api/consultations/" + cid + "/proposals/p1";

        assertThat(ok(get("observer", proposal, amended)).path("version").asInt()).isEqualTo(2);
        assertThat(ok(get("observer", proposal, amended.minusMillis(1))).path("version").asInt()).isEqualTo(1);
        assertThat(ok(get("observer", proposal, created)).path("title").asString()).isEqualTo("South-South Migration");
    }

    @Test
    void beforeTheConsultationExistedItIsNotFound() {
        String cid = newConsultationId("as-of-before");
        Instant created = feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "Title", "Summary", Proposer.ADMINISTRATION));
        for (String path : paths(cid)) {
            assertProblem(get("chair", path, created.minus(Duration.ofMinutes(2))), 404, "NOT_FOUND");
        }
        assertProblem(get("chair", "/api/consultations/no-such-consultation", created), 404, "NOT_FOUND");
    }

    @Test
    void anInstantStillToComeGivesThePresent() {
        String cid = newConsultationId("as-of-future");
        Scenario scenario = new Scenario(cid);
        scenario.steps().values().forEach(Runnable::run);
        Instant future = Instant.parse("2999-01-01T00:00:00Z");
        for (String role : ROLES) {
            for (String path : paths(cid)) {
                assertSame(role + " " + path, get(role, path, future), get(role, path, null));
            }
        }
    }

    @Test
    void aMalformedAsOfIsRefusedAsAProblem() {
        String cid = newConsultationId("as-of-malformed");
        feed(cid, SECRETARIAT, created(cid), new ProposalSubmitted(cid, "p1", "Title", "Summary",
                Proposer.ADMINISTRATION));
        for (String malformed : List.of("yesterday", "2026-13-01T00:00:00Z", "2026-03-02T09:00:00", "")) {
            for (String path : paths(cid)) {
                Reply reply = getRaw("chair", path + "?asOf=" + malformed);
                assertProblem(reply, 400, "VALIDATION_FAILED");
                assertThat(JSON.readTree(reply.text()).path("detail").asString()).contains("asOf");
            }
        }
        // An offset other than Z is an instant too, once its '+' is encoded.
        Reply geneva = getRaw("chair", "/api/consultations/" + cid + "?asOf=2999-01-01T10:00:00%2B01:00");
        assertThat(ok(geneva).path("id").asString()).isEqualTo(cid);
    }

    /**
     * Asking again for a moment already rebuilt (the same events, however the instant is written) answers the same;
     * prints what a plain read, a kept moment and a rebuilt one cost. Asserts nothing about time.
     */
    @Test
    void aMomentAskedForAgainAnswersTheSame() {
        String cid = newConsultationId("as-of-again");
        Scenario scenario = new Scenario(cid);
        scenario.steps().values().forEach(Runnable::run);
        String tally = "/api/consultations/" + cid + "/tally";
        JsonNode rebuilt = ok(get("chair", tally, scenario.last));
        for (int millis = 1; millis < 10; millis++) {
            assertThat(ok(get("chair", tally, scenario.last.plusMillis(millis)))).isEqualTo(rebuilt);
        }

        int rounds = 20;
        long plain = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            ok(get("chair", tally, null));
        }
        double plainMillis = (System.nanoTime() - plain) / 1e6 / rounds;
        long kept = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            ok(get("chair", tally, scenario.last));
        }
        double keptMillis = (System.nanoTime() - kept) / 1e6 / rounds;
        // One event a minute: each of these instants is a moment of its own, not yet rebuilt.
        long cold = System.nanoTime();
        int moments = 0;
        for (Instant at = scenario.first; at.isBefore(scenario.last); at = at.plus(Duration.ofMinutes(1))) {
            ok(get("chair", tally, at));
            moments++;
        }
        System.out.printf("read of a tally: plain %.1f ms, asOf a kept moment %.1f ms, asOf a moment rebuilt "
                + "(1..%d events) %.1f ms%n", plainMillis, keptMillis, moments, (System.nanoTime() - cold) / 1e6 / moments);
    }

    // ---- the scenario ----

    /**
     * OPEN (proposals, an amendment, comments, a hidden one, a withdrawal), VOTING (three ballots, one changed, an
     * abstention), CLOSED and DECIDED: each step a write of its own, as the command service appends them.
     */
    private final class Scenario {
        private final String cid;
        private Instant first;
        private Instant last;

        Scenario(String cid) {
            this.cid = cid;
        }

        Map<String, Runnable> steps() {
            Map<String, Runnable> steps = new LinkedHashMap<>();
            steps.put("created", () -> first = last = feed(cid, SECRETARIAT, created(cid),
                    new ProposalSubmitted(cid, "p1", "South-South Migration", "Between southern countries.",
                            Proposer.ADMINISTRATION)));
            steps.put("delegates propose", () -> last = feed(cid, delegate("PHL"),
                    new ProposalSubmitted(cid, "p2", "Diasporas", "Engaging diasporas.", "PHL"),
                    new ProposalSubmitted(cid, "p3", "Labour mobility", "Skills partnerships.", "PHL")));
            steps.put("amended and commented", () -> last = feed(cid, delegate("PHL"),
                    new ProposalAmended(cid, "p2", 2, "Diasporas and development", "Engaging diasporas for development."),
                    new CommentAdded(cid, "p1", commentId(cid, "c1"), "delegate-phl", "PHL", "We support it.", null),
                    new CommentAdded(cid, "p1", commentId(cid, "c2"), "delegate-phl", "PHL", "Off-topic.", null)));
            steps.put("moderated", () -> last = feed(cid, SECRETARIAT,
                    new CommentEdited(cid, "p1", commentId(cid, "c1"), "We support it, with remittances."),
                    new CommentHidden(cid, "p1", commentId(cid, "c2"), "Not about the proposal."),
                    new ProposalWithdrawn(cid, "p3", "Merged with the diaspora proposal.")));
            steps.put("voting opened", () -> last = feed(cid, CHAIR, new VotingOpened(cid, 150, 2)));
            steps.put("ballots", () -> last = feed(cid, delegate("PHL"),
                    new BallotCast(cid, "PHL", List.of("p2"), false),
                    new BallotCast(cid, "KEN", List.of("p2"), false)));
            steps.put("ballot changed", () -> last = feed(cid, delegate("KEN"),
                    new BallotChanged(cid, "KEN", List.of("p1"), false),
                    new BallotCast(cid, "MEX", List.of(), true),
                    new CommentAdded(cid, "p1", commentId(cid, "c3"), "delegate-ken", "KEN", "Changed our vote.",
                            null)));
            steps.put("closed", () -> last = feed(cid, CHAIR, new VotingClosed(cid, 3, 1, 2, true)));
            steps.put("decided", () -> last = feed(cid, CHAIR, new DecisionRecorded(cid, List.of("p2"), null)));
            return steps;
        }
    }

    // ---- reading ----

    /** The consultation, two proposals (versions; comments, one hidden), the tally and the ballots. */
    private static List<String> paths(String cid) {
        String consultation = "/api/consultations/" + cid;
        return List.of(consultation, consultation + "/proposals/p1", consultation + "/tally",
                consultation + "/ballots", consultation + "/proposals/p2");
    }

    private Map<String, Reply> readAll(List<String> paths, Instant asOf) {
        Map<String, Reply> reads = new LinkedHashMap<>();
        for (String role : ROLES) {
            for (String path : paths) {
                reads.put(role + " " + path, get(role, path, asOf));
            }
        }
        return reads;
    }

    /** The same status, and the same JSON content (problem or not). */
    private static void assertSame(String read, Reply asOf, Reply then) {
        assertThat(asOf.status()).as("status of %s as of then: %s", read, asOf.text()).isEqualTo(then.status());
        assertThat(asOf.contentType()).as("content type of %s as of then", read).isEqualTo(then.contentType());
        assertThat(JSON.readTree(asOf.text())).as("%s as of then", read).isEqualTo(JSON.readTree(then.text()));
    }

    private record Reply(int status, String contentType, String text) {
    }

    private Reply get(String username, String path, Instant asOf) {
        return getRaw(username, asOf == null ? path : path + "?asOf=" + asOf);
    }

    private Reply getRaw(String username, String pathAndQuery) {
        try {
            MockHttpServletResponse response = mvc.perform(MockMvcRequestBuilders.get(URI.create(pathAndQuery))
                            .with(SecurityMockMvcRequestPostProcessors.httpBasic(username, PASSWORD)))
                    .andReturn().getResponse();
            return new Reply(response.getStatus(), response.getContentType(),
                    response.getContentAsString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("GET " + pathAndQuery + " as " + username + " failed", e);
        }
    }

    private static JsonNode ok(Reply reply) {
        assertThat(reply.status()).as("%s", reply.text()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        return JSON.readTree(reply.text());
    }

    private static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as("%s", reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(reply.text()).path("code").asString()).isEqualTo(code);
    }
}
