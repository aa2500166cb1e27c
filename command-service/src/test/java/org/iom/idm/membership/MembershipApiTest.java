package org.iom.idm.membership;

import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Registering member states and suspending and reinstating their voting rights over HTTP (CONTRACT §4, §5). */
class MembershipApiTest extends ApiTestSupport {

    // --- POST /api/member-states ------------------------------------------------------------------------------

    @Test
    void theSecretariatRegistersAMemberState() {
        String code = unregisteredCode();

        Reply reply = as(SECRETARIAT).post("/api/member-states", Map.of("code", code, "name", "n".repeat(200)));

        assertThat(assertCreated(reply, "code")).isEqualTo(code);
        assertThat(lastPayloadOf(code, MemberStateRegistered.class))
                .isEqualTo(new MemberStateRegistered(code, "n".repeat(200)));
        assertActor(lastEventOf(code), SECRETARIAT, "SECRETARIAT", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER, "delegate-phl"})
    void onlyTheSecretariatRegistersMemberStates(String user) {
        String code = unregisteredCode();

        assertRejected(403, "FORBIDDEN", () -> as(user).post("/api/member-states",
                Map.of("code", code, "name", "Newland")));

        assertThat(eventsOf(code)).isEmpty();
    }

    static Stream<Arguments> invalidMemberStateFields() {
        return Stream.of(
                arguments("code", null),
                arguments("code", ""),
                arguments("code", "phl"),
                arguments("code", "PH"),
                arguments("code", "PHLX"),
                arguments("code", "P1L"),
                arguments("name", null),
                arguments("name", " "),
                arguments("name", "n".repeat(201)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidMemberStateFields")
    void refusesAnInvalidFieldAndNamesIt(String field, String value) {
        Map<String, Object> body = new HashMap<>(Map.of("code", unregisteredCode(), "name", "Newland"));
        body.put(field, value);

        assertInvalid(() -> as(SECRETARIAT).post("/api/member-states", body), field);
    }

    @Test
    void aSeededMemberStateExistsAlready() {
        assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post("/api/member-states",
                Map.of("code", "PHL", "name", "Philippines")));
    }

    @Test
    void aMemberStateIsRegisteredOnlyOnce() {
        String code = registerMemberState();

        assertRejected(409, "ALREADY_EXISTS", () -> as(SECRETARIAT).post("/api/member-states",
                Map.of("code", code, "name", "Again")));
    }

    // --- POST /api/member-states/{code}/suspend-voting-rights -------------------------------------------------

    @Test
    void theSecretariatSuspendsVotingRightsWithAReason() {
        String code = registerMemberState();

        assertNoContent(as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights", reason("r".repeat(2000))));

        assertThat(lastPayloadOf(code, VotingRightsSuspended.class))
                .isEqualTo(new VotingRightsSuspended(code, "r".repeat(2000)));
        assertActor(lastEventOf(code), SECRETARIAT, "SECRETARIAT", null);
    }

    @Test
    void suspendingSuspendedRightsSucceedsAndRecordsNothing() {
        String code = registerMemberState();
        assertNoContent(as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights", reason("Arrears")));
        long before = storedEventCount();

        assertNoContent(as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights", reason("Still")));

        assertThat(storedEventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER, "delegate-phl"})
    void onlyTheSecretariatSuspends(String user) {
        String code = registerMemberState();

        assertRejected(403, "FORBIDDEN", () -> as(user).post(memberState(code) + "/suspend-voting-rights",
                reason("Arrears")));
    }

    @Test
    void suspendingAnUnknownMemberStateIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(memberState(unregisteredCode())
                + "/suspend-voting-rights", reason("Arrears")));
    }

    @ParameterizedTest
    @MethodSource("invalidReasons")
    void suspendingNeedsAReasonWithinTheLimit(String reason) {
        String code = registerMemberState();
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);

        assertInvalid(() -> as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights", body), "reason");
    }

    static Stream<String> invalidReasons() {
        return Stream.of(null, "", "r".repeat(2001));
    }

    // --- POST /api/member-states/{code}/reinstate-voting-rights -----------------------------------------------

    @Test
    void theSecretariatReinstatesSuspendedVotingRights() {
        String code = registerMemberState();
        assertNoContent(as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights", reason("Arrears")));

        assertNoContent(as(SECRETARIAT).post(memberState(code) + "/reinstate-voting-rights"));

        assertThat(lastPayloadOf(code, VotingRightsReinstated.class)).isEqualTo(new VotingRightsReinstated(code));
        assertActor(lastEventOf(code), SECRETARIAT, "SECRETARIAT", null);
    }

    @Test
    void reinstatingActiveRightsSucceedsAndRecordsNothing() {
        String code = registerMemberState();
        long before = storedEventCount();

        assertNoContent(as(SECRETARIAT).post(memberState(code) + "/reinstate-voting-rights"));

        assertThat(storedEventCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER, "delegate-phl"})
    void onlyTheSecretariatReinstates(String user) {
        String code = registerMemberState();
        assertNoContent(as(SECRETARIAT).post(memberState(code) + "/suspend-voting-rights", reason("Arrears")));

        assertRejected(403, "FORBIDDEN", () -> as(user).post(memberState(code) + "/reinstate-voting-rights"));
    }

    @Test
    void reinstatingAnUnknownMemberStateIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(memberState(unregisteredCode())
                + "/reinstate-voting-rights"));
    }
}
