package org.iom.idm.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §7, "as of" (issue 12, acceptance 4), on the real services: a consultation driven through OPEN, VOTING,
 * CLOSED and DECIDED; after each step, once the read models include it, every role's reads and the instant; at the
 * end, each read {@code ?asOf=} that instant answers what it answered then.
 */
@ExtendWith(SystemUnderTestExtension.class)
class AsOfSystemTest {

    private static final List<String> ROLES = List.of("secretariat", "chair", "observer", "delegate-phl");

    /** One step: its instant and every role's reads just after it. */
    private record Moment(String step, Instant at, Map<String, Api.Response> reads) {
    }

    @Test
    void asOfEachMomentEveryRoleReadsWhatItReadThen(Api api) {
        Scenario scenario = new Scenario(api);
        List<Moment> moments = scenario.run();

        long nanos = 0;
        int reads = 0;
        for (Moment moment : moments) {
            for (Map.Entry<String, Api.Response> then : moment.reads().entrySet()) {
                String[] roleAndPath = then.getKey().split(" ", 2);
                long start = System.nanoTime();
                Api.Response asOf = api.read(roleAndPath[0], roleAndPath[1] + "?asOf=" + moment.at());
                nanos += System.nanoTime() - start;
                reads++;
                assertThat(asOf.status()).as("%s: %s as of %s: %s", moment.step(), then.getKey(), moment.at(), asOf)
                        .isEqualTo(then.getValue().status());
                assertThat(asOf.json()).as("%s: %s as of %s", moment.step(), then.getKey(), moment.at())
                        .isEqualTo(then.getValue().json());
            }
        }
        // Reported, not asserted: each moment rebuilt on its first read, then kept.
        System.out.printf("[as of] %d reads of %d moments: %.1f ms each (plain reads of the same: %.1f ms each)%n",
                reads, moments.size(), nanos / 1e6 / reads, scenario.plainNanos / 1e6 / scenario.plainReads);
        assertThat(moments.stream().map(moment -> moment.reads().get("chair " + scenario.tally()).body()).distinct())
                .as("the chair's tally differs from step to step").hasSize(moments.size());
    }

    @Test
    void asOfAMomentOfVotingNoCountReachesADelegateOrAnObserverOnceTheVoteIsDecided(Api api) {
        Scenario scenario = new Scenario(api);
        List<Moment> moments = scenario.run();
        Instant voting = moments.stream().filter(moment -> moment.step().equals("a ballot changed")).findFirst()
                .orElseThrow().at();

        for (String reader : List.of("delegate-phl", "observer")) {
            for (String sealed : List.of(scenario.tally(), scenario.consultation() + "/ballots")) {
                Api.Response reply = api.read(reader, sealed + "?asOf=" + voting);
                reply.expectProblem(403, "FORBIDDEN");
                assertThat(reply.body()).doesNotContain("ballotsCast", "votes", "choices", "KEN");
            }
        }
        JsonNode chairs = api.read("chair", scenario.tally() + "?asOf=" + voting).expect(200);
        assertThat(chairs.path("phase").asString()).isEqualTo("VOTING");
        assertThat(chairs.path("ballotsCast").asInt()).isEqualTo(3);
    }

    @Test
    void aMalformedAsOfIsRefusedAsAProblemAndAnInstantBeforeTheConsultationIsNotFound(Api api) {
        Instant before = Instant.now();
        awaitNextMillisecond(before);
        Scenario scenario = new Scenario(api);
        scenario.create();
        for (String path : List.of(scenario.consultation(), scenario.tally(), scenario.consultation() + "/ballots",
                scenario.consultation() + "/proposals/" + scenario.proposals.get(0))) {
            api.read("chair", path + "?asOf=not-an-instant").expectProblem(400, "VALIDATION_FAILED");
            api.read("chair", path + "?asOf=2026-03-02T09:00:00").expectProblem(400, "VALIDATION_FAILED");
            api.read("chair", path + "?asOf=" + before).expectProblem(404, "NOT_FOUND");
        }
    }

    private static final class Scenario {
        private final Api api;
        private final String cid = "as-of-" + UUID.randomUUID().toString().substring(0, 8);
        private final List<String> proposals = new ArrayList<>();
        private long plainNanos;
        private int plainReads;

        Scenario(Api api) {
            this.api = api;
        }

        String consultation() {
            return "/api/consultations/" + cid;
        }

        String tally() {
            return consultation() + "/tally";
        }

        private String proposal(int index) {
            return consultation() + "/proposals/" + proposals.get(index);
        }

        void create() {
            api.post("secretariat", "/api/consultations", Map.of("id", cid, "title", "As of " + cid,
                    "question", "Which theme?", "quorum", 2)).expect(201);
            propose("secretariat", "South-South Migration " + cid);
            propose("delegate-phl", "Diasporas " + cid);
            propose("delegate-mex", "Labour mobility " + cid);
            await(consultation -> consultation.path("proposals").size() == 3, tally -> tally.path("results").size() == 3);
        }

        List<Moment> run() {
            List<Moment> moments = new ArrayList<>();
            create();
            moments.add(capture("created with proposals"));

            api.put("delegate-phl", proposal(1), Map.of("title", "Diasporas and development " + cid,
                    "summary", "Engaging diasporas for development.")).expect2xx();
            String first = comment("delegate-ken", 0, "Kenya supports this theme.", null);
            comment("delegate-phl", 0, "How would it differ from 2009?", first);
            String offTopic = comment("delegate-gha", 0, "Off-topic advertisement.", null);
            await(consultation -> consultation.path("proposals").path(0).path("commentCount").asInt() == 3,
                    tally -> tally.path("results").path(1).path("title").asString().startsWith("Diasporas and"));
            moments.add(capture("amended and commented"));

            api.post("secretariat", proposal(0) + "/comments/" + offTopic + "/hide",
                    Map.of("reason", "Not about the proposal.")).expect2xx();
            api.put("delegate-ken", proposal(0) + "/comments/" + first,
                    Map.of("text", "Kenya supports this theme, with remittances.")).expect2xx();
            api.post("delegate-mex", proposal(2) + "/withdraw", Map.of("reason", "Merged.")).expect2xx();
            await(consultation -> consultation.path("proposals").path(2).path("status").asString().equals("WITHDRAWN"),
                    tally -> tally.path("results").size() == 2);
            moments.add(capture("moderated and withdrawn"));

            api.post("chair", consultation() + "/open-voting", null).expect2xx();
            await(consultation -> consultation.path("phase").asString().equals("VOTING"),
                    tally -> tally.path("phase").asString().equals("VOTING"));
            moments.add(capture("voting opened"));

            vote("delegate-phl", "PHL", Map.of("choices", List.of(proposals.get(1))));
            vote("delegate-ken", "KEN", Map.of("choices", List.of(proposals.get(1))));
            await(consultation -> true, tally -> tally.path("ballotsCast").asInt() == 2);
            moments.add(capture("two ballots"));

            vote("delegate-ken", "KEN", Map.of("choices", List.of(proposals.get(0))));
            vote("delegate-mex", "MEX", Map.of("abstain", true));
            comment("delegate-ken", 0, "We changed our vote.", null);
            await(consultation -> consultation.path("proposals").path(0).path("commentCount").asInt() == 4,
                    tally -> tally.path("abstentions").asInt() == 1);
            moments.add(capture("a ballot changed"));

            api.post("chair", consultation() + "/close-voting", null).expect2xx();
            await(consultation -> consultation.path("phase").asString().equals("CLOSED"),
                    tally -> tally.path("phase").asString().equals("CLOSED"));
            moments.add(capture("closed"));

            api.post("chair", consultation() + "/decision", Map.of("selected", List.of(proposals.get(1)),
                    "rationale", "Tied; the chair chose.")).expect2xx();
            await(consultation -> consultation.path("phase").asString().equals("DECIDED"),
                    tally -> tally.path("phase").asString().equals("DECIDED"));
            moments.add(capture("decided"));
            return moments;
        }

        private void propose(String user, String title) {
            proposals.add(api.post(user, consultation() + "/proposals", Map.of("title", title,
                    "summary", "Summary of " + title)).expect(201).path("id").asString());
        }

        private String comment(String user, int proposal, String text, String inReplyTo) {
            Map<String, Object> body = inReplyTo == null ? Map.of("text", text) : Map.of("text", text,
                    "inReplyTo", inReplyTo);
            return api.post(user, proposal(proposal) + "/comments", body).expect(201).path("id").asString();
        }

        private void vote(String user, String state, Map<String, Object> ballot) {
            api.put(user, consultation() + "/ballots/" + state, ballot).expect2xx();
        }

        /** Both read models that these reads come from (consultations, ballots) include the step. */
        private void await(Predicate<JsonNode> consultation, Predicate<JsonNode> tally) {
            api.awaitRead("chair", consultation(), consultation);
            api.awaitRead("chair", tally(), tally);
        }

        /**
         * Every role's reads, then the instant: every event of the step is at or before it. The next step's events
         * are stamped (to the millisecond, as the event store keeps them) after it.
         */
        private Moment capture(String step) {
            Map<String, Api.Response> reads = new LinkedHashMap<>();
            for (String role : ROLES) {
                for (String path : List.of(consultation(), proposal(0), proposal(1), tally(),
                        consultation() + "/ballots")) {
                    long start = System.nanoTime();
                    reads.put(role + " " + path, api.read(role, path));
                    plainNanos += System.nanoTime() - start;
                    plainReads++;
                }
            }
            Instant at = Instant.now();
            awaitNextMillisecond(at);
            return new Moment(step, at, reads);
        }
    }

    private static void awaitNextMillisecond(Instant instant) {
        Await.until("the clock past " + instant, Duration.ofSeconds(1),
                () -> Instant.now().truncatedTo(ChronoUnit.MILLIS).isAfter(instant));
    }
}
