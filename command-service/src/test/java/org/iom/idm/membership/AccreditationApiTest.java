package org.iom.idm.membership;

import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The accreditation roster over HTTP (CONTRACT §9): the secretariat accredits and withdraws, and a delegate acts
 * for its state only under a current accreditation, in the capacity it holds, from the next request on. The demo
 * seed accredits each seeded state's {@code delegate-<code>} as head and {@code alternate-<code>} as alternate.
 */
class AccreditationApiTest extends ApiTestSupport {

    @Autowired
    private JdbcClient db;

    @Test
    void aDelegateActsUntilItsAccreditationIsWithdrawnAndIsRefusedFromTheNextRequestOn() {
        String state = claimMemberState();
        String head = delegateOf(state);
        String cid = newConsultation();
        String pid = submitProposal(cid, head);
        assertThat(lastEventOf(cid).getMetaData().get("capacity")).isEqualTo("HEAD");

        assertNoContent(as(SECRETARIAT).post(accreditation(state, head) + "/withdraw", reason("Recalled")));

        assertThat(lastPayloadOf(state, AccreditationWithdrawn.class))
                .isEqualTo(new AccreditationWithdrawn(state, head, Capacity.HEAD, "Recalled"));
        assertActor(lastEventOf(state), SECRETARIAT, "SECRETARIAT", null);
        assertRejected(403, "FORBIDDEN", () -> as(head).post(proposalsOf(cid),
                Map.of("title", uniqueId("After the recall"), "summary", "Refused")));
        assertRejected(403, "FORBIDDEN", () -> as(head).post(proposal(cid, pid) + "/comments",
                Map.of("text", "Refused too")));
        openVoting(cid);
        assertRejected(403, "FORBIDDEN", () -> as(head).put(consultation(cid) + "/ballots/" + state,
                Map.of("choices", List.of(pid))));
    }

    @Test
    void theSecretariatAccreditsAPersonWhoThenActsInThatCapacity() {
        String state = claimMemberState();
        String person = alternateOf(state);
        String cid = newConsultation();
        String pid = submitProposal(cid, delegateOf(state));
        assertNoContent(as(SECRETARIAT).post(accreditation(state, person) + "/withdraw", reason("Now an adviser")));

        Reply accredited = as(SECRETARIAT).post(accreditations(state), Map.of("user", person, "capacity", "ADVISER"));

        assertThat(assertCreated(accredited, "user")).isEqualTo(person);
        assertThat(lastPayloadOf(state, DelegateAccredited.class))
                .isEqualTo(new DelegateAccredited(state, person, Capacity.ADVISER));
        assertActor(lastEventOf(state), SECRETARIAT, "SECRETARIAT", null);
        addComment(cid, pid, person);
        assertActor(lastEventOf(cid), person, "DELEGATE", state);
        assertThat(lastEventOf(cid).getMetaData().get("capacity")).isEqualTo("ADVISER");
        assertRejected(403, "FORBIDDEN", () -> as(person).post(proposalsOf(cid),
                Map.of("title", uniqueId("An adviser's"), "summary", "Refused")));

        assertNoContent(as(SECRETARIAT).post(accreditation(state, person) + "/withdraw", reason("An alternate again")));
        assertCreated(as(SECRETARIAT).post(accreditations(state), Map.of("user", person, "capacity", "ALTERNATE")),
                "user");

        submitProposal(cid, person);
        assertThat(lastEventOf(cid).getMetaData().get("capacity")).isEqualTo("ALTERNATE");
    }

    @Test
    void aStateHasOneHeadAndAPersonOneAccreditation() {
        String state = registerMemberState();
        String head = uniqueId("head");
        assertCreated(as(SECRETARIAT).post(accreditations(state), Map.of("user", head, "capacity", "HEAD")), "user");

        assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post(accreditations(state),
                Map.of("user", uniqueId("second-head"), "capacity", "HEAD")));
        assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post(accreditations(state),
                Map.of("user", head, "capacity", "ADVISER")));
        assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post(accreditations(state),
                Map.of("user", "delegate-phl", "capacity", "ADVISER")));
    }

    @Test
    void twoStatesAccreditingOnePersonAtOnceLeaveThePersonAccreditedToOneOfThem() throws Exception {
        ExecutorService twoSecretaries = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String person = uniqueId("contested");
                List<String> states = List.of(registerMemberState(), registerMemberState());
                CountDownLatch ready = new CountDownLatch(2);
                List<Future<Reply>> replies = new ArrayList<>();
                for (String state : states) {
                    replies.add(twoSecretaries.submit(() -> {
                        ready.countDown();
                        ready.await();
                        return as(SECRETARIAT).post(accreditations(state), Map.of("user", person, "capacity", "HEAD"));
                    }));
                }

                List<Integer> statuses = new ArrayList<>();
                for (Future<Reply> reply : replies) {
                    statuses.add(reply.get(30, TimeUnit.SECONDS).status());
                }
                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(201, 409);
                String winner = states.get(statuses.indexOf(201));
                assertThat(db.sql("select member_state from accreditation_roster where username = ?").param(person)
                        .query(String.class).list()).containsExactly(winner);
            }
        } finally {
            twoSecretaries.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER, "delegate-phl"})
    void onlyTheSecretariatAccreditsAndWithdraws(String user) {
        String state = registerMemberState();
        String person = uniqueId("person");
        assertCreated(as(SECRETARIAT).post(accreditations(state), Map.of("user", person, "capacity", "ALTERNATE")),
                "user");

        assertRejected(403, "FORBIDDEN", () -> as(user).post(accreditations(state),
                Map.of("user", uniqueId("person"), "capacity", "ADVISER")));
        assertRejected(403, "FORBIDDEN", () -> as(user).post(accreditation(state, person) + "/withdraw",
                reason("Not theirs to withdraw")));
    }

    @Test
    void anUnknownStateOrAccreditationIsNotFound() {
        String state = registerMemberState();

        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(accreditations(unregisteredCode()),
                Map.of("user", uniqueId("person"), "capacity", "HEAD")));
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(accreditation(state,
                uniqueId("never-accredited")) + "/withdraw", reason("Nothing to withdraw")));
    }

    static Stream<Arguments> invalidAccreditationFields() {
        return Stream.of(
                arguments("capacity", null),
                arguments("capacity", "BOSS"),
                arguments("capacity", "head"),
                arguments("user", null),
                arguments("user", " "),
                arguments("user", "new\nline"),
                arguments("user", "u".repeat(256)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidAccreditationFields")
    void refusesAnInvalidFieldAndNamesIt(String field, String value) {
        Map<String, Object> body = new HashMap<>(Map.of("user", uniqueId("person"), "capacity", "ALTERNATE"));
        body.put(field, value);
        String state = registerMemberState();

        assertInvalid(() -> as(SECRETARIAT).post(accreditations(state), body), field);
    }

    @ParameterizedTest
    @MethodSource("invalidReasons")
    void withdrawingNeedsAReasonWithinTheLimit(String reason) {
        String state = registerMemberState();
        String person = uniqueId("person");
        assertCreated(as(SECRETARIAT).post(accreditations(state), Map.of("user", person, "capacity", "ADVISER")),
                "user");
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);

        assertInvalid(() -> as(SECRETARIAT).post(accreditation(state, person) + "/withdraw", body), "reason");
    }

    static Stream<String> invalidReasons() {
        return Stream.of(null, "", " ", "r".repeat(2001));
    }

    @Test
    void malformedJsonIsRefused() {
        String state = registerMemberState();

        assertRejected(400, "MALFORMED_REQUEST", () -> as(SECRETARIAT).send("POST", accreditations(state), JSON_TYPE,
                withLength("{\"user\": \"someone\", \"capacity\": ")));
        assertRejected(400, "MALFORMED_REQUEST", () -> as(SECRETARIAT).send("POST", accreditations(state), JSON_TYPE,
                withLength("{\"user\": [\"someone\"], \"capacity\": \"HEAD\"}")));
    }

    private static String alternateOf(String memberState) {
        return "alternate-" + memberState.toLowerCase();
    }

    private static String accreditations(String code) {
        return memberState(code) + "/accreditations";
    }

    private static String accreditation(String code, String user) {
        return accreditations(code) + "/" + user;
    }
}
