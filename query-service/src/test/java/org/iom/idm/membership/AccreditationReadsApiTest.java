package org.iom.idm.membership;

import org.assertj.core.groups.Tuple;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.readmodel.ApiClient;
import org.iom.idm.readmodel.ApiClient.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * CONTRACT §9 through the JSON reads: a state's current accreditations for every signed-in person, and
 * {@code /api/me} telling a delegate whom it speaks for and in which capacity, both from the roster's events.
 */
class AccreditationReadsApiTest extends AbstractProjectionTest {

    private static final List<String> READERS = List.of("secretariat", "chair", "observer", "delegate-phl");

    @Autowired
    private ApiClient api;

    @Test
    void aStatesAccreditationsAreListedHeadFirstThenAlternatesThenAdvisersEachSinceItsEvent() {
        String code = registered("Rosterland");
        Instant alternateSince = feedMemberState(code, new DelegateAccredited(code, "alternate-one", Capacity.ALTERNATE));
        Instant adviserSince = feedMemberState(code, new DelegateAccredited(code, "adviser-one", Capacity.ADVISER));
        Instant headSince = feedMemberState(code, new DelegateAccredited(code, "head-one", Capacity.HEAD));

        for (String reader : READERS) {
            assertThat(accreditations(reader, code)).as(reader).containsExactly(
                    tuple("head-one", "HEAD", headSince),
                    tuple("alternate-one", "ALTERNATE", alternateSince),
                    tuple("adviser-one", "ADVISER", adviserSince));
        }
    }

    @Test
    void aWithdrawnAccreditationIsNoLongerListedAndTheOthersStay() {
        String code = registered("Withdrawland");
        feedMemberState(code, new DelegateAccredited(code, "head-two", Capacity.HEAD));
        Instant alternateSince = feedMemberState(code,
                new DelegateAccredited(code, "alternate-two", Capacity.ALTERNATE));

        feedMemberState(code, new AccreditationWithdrawn(code, "head-two", Capacity.HEAD, "Left the mission."));

        assertThat(accreditations("observer", code)).containsExactly(
                tuple("alternate-two", "ALTERNATE", alternateSince));
    }

    @Test
    void aPersonAccreditedAgainIsListedInTheNewCapacitySinceTheNewAccreditation() {
        String code = registered("Againland");
        feedMemberState(code, new DelegateAccredited(code, "person-three", Capacity.ADVISER),
                new AccreditationWithdrawn(code, "person-three", Capacity.ADVISER, "Now an alternate."));
        Instant again = feedMemberState(code, new DelegateAccredited(code, "person-three", Capacity.ALTERNATE));

        assertThat(accreditations("chair", code)).containsExactly(tuple("person-three", "ALTERNATE", again));
    }

    @Test
    void aStateWithNoOneAccreditedHasAnEmptyList() {
        String code = registered("Emptyland");

        assertThat(api.ok("observer", "/api/member-states/" + code + "/accreditations").isEmpty()).isTrue();
    }

    @Test
    void theAccreditationsOfAnUnknownStateAreNotFound() {
        Reply reply = api.perform(get("/api/member-states/" + newMemberStateCode() + "/accreditations")
                .with(httpBasic("observer", "demo")));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void whoIsNotSignedInReadsNoAccreditations() {
        String code = registered("Privateland");
        feedMemberState(code, new DelegateAccredited(code, "head-four", Capacity.HEAD));

        Reply anonymous = api.perform(get("/api/member-states/" + code + "/accreditations"));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text()).doesNotContain("head-four");
    }

    @Test
    void anAccreditedDelegateLearnsFromApiMeTheStateAndCapacityOfItsAccreditation() {
        String code = registered("Speakland");
        feedMemberState(code, new DelegateAccredited(code, "delegate-ury", Capacity.ALTERNATE));

        JsonNode me = api.ok("delegate-ury", "/api/me");

        assertThat(me.path("username").asString()).isEqualTo("delegate-ury");
        assertThat(me.path("role").asString()).isEqualTo("DELEGATE");
        assertThat(me.path("memberState").asString()).isEqualTo(code);
        assertThat(me.path("capacity").asString()).isEqualTo("ALTERNATE");
    }

    @Test
    void aDelegateWhoseAccreditationWasWithdrawnSpeaksForNoStateAndInNoCapacity() {
        String code = registered("Formerland");
        feedMemberState(code, new DelegateAccredited(code, "delegate-chl", Capacity.HEAD));
        assertThat(api.ok("delegate-chl", "/api/me").path("capacity").asString()).isEqualTo("HEAD");

        feedMemberState(code, new AccreditationWithdrawn(code, "delegate-chl", Capacity.HEAD, "Recalled."));

        JsonNode me = api.ok("delegate-chl", "/api/me");
        assertThat(me.path("role").asString()).isEqualTo("DELEGATE");
        assertThat(me.path("memberState").isNull()).as("memberState of %s", me).isTrue();
        assertThat(me.path("capacity").isNull()).as("capacity of %s", me).isTrue();
    }

    @Test
    void staffSpeakForNoStateAndInNoCapacity() {
        JsonNode me = api.ok("chair", "/api/me");

        assertThat(me.path("role").asString()).isEqualTo("CHAIR");
        assertThat(me.path("memberState").isNull()).as("memberState of %s", me).isTrue();
        assertThat(me.path("capacity").isNull()).as("capacity of %s", me).isTrue();
    }

    private String registered(String name) {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, name));
        return code;
    }

    /** The state's accreditations as (user, capacity, since), in the order given. */
    private List<Tuple> accreditations(String reader, String code) {
        JsonNode list = api.ok(reader, "/api/member-states/" + code + "/accreditations");
        return list.valueStream().map(entry -> tuple(entry.path("user").asString(),
                entry.path("capacity").asString(), Instant.parse(entry.path("since").asString()))).toList();
    }
}
