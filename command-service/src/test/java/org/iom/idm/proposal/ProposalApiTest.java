package org.iom.idm.proposal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Submitting, amending and withdrawing proposals over HTTP (CONTRACT §3 rule 2, §4, §5). */
class ProposalApiTest extends ApiTestSupport {

    // --- POST /api/consultations/{cid}/proposals --------------------------------------------------------------

    @Test
    void aDelegateProposesForItsOwnMemberStateAndTheEventSaysSo() {
        String cid = newConsultation();
        String state = claimMemberState();

        Reply reply = as(delegateOf(state)).header("X-Correlation-Id", "propose-1")
                .post(proposalsOf(cid), Map.of("title", "Climate and Migration", "summary", "Why it matters"));

        String pid = assertCreated(reply, "id");
        DomainEventMessage<?> event = lastEventOf(cid);
        assertThat(event.getPayload()).isEqualTo(new ProposalSubmitted(cid, pid, "Climate and Migration",
                "Why it matters", state));
        assertActor(event, delegateOf(state), "DELEGATE", state);
        assertThat(event.getMetaData().get("correlationId")).isEqualTo("propose-1");
    }

    @Test
    void theSecretariatProposesAsTheAdministration() {
        String cid = newConsultation();

        String pid = submitProposal(cid, SECRETARIAT);

        ProposalSubmitted submitted = lastPayloadOf(cid, ProposalSubmitted.class);
        assertThat(submitted.proposalId()).isEqualTo(pid);
        assertThat(submitted.proposer()).isEqualTo(Proposer.ADMINISTRATION);
    }

    @Test
    void aProposalGetsAnIdMadeFromItsTitle() {
        String cid = newConsultation();

        assertThat(submitProposal(cid, SECRETARIAT, "Migración Laboral y Desarrollo"))
                .isEqualTo("migracion-laboral-y-desarrollo");
    }

    @Test
    void aSecondProposalWithTheSameTitleSlugGetsTheNextFreeId() {
        String cid = newConsultation();
        String state = claimMemberState();
        String first = submitProposal(cid, SECRETARIAT, "Migration & Health");
        String second = submitProposal(cid, delegateOf(state), "Migration - Health");
        withdraw(cid, second, delegateOf(state));

        String third = submitProposal(cid, SECRETARIAT, "Migration: Health");

        assertThat(List.of(first, second, third))
                .containsExactly("migration-health", "migration-health-2", "migration-health-3");
        assertThat(lastPayloadOf(cid, ProposalSubmitted.class).proposalId()).isEqualTo(third);
    }

    @Test
    void proposalsSubmittedAtOnceWhoseTitlesSlugAlikeGetDifferentIds() {
        String cid = newConsultation();
        List<String> titles = List.of("Climate & Mobility", "Climate - Mobility", "Climate: Mobility",
                "Climate / Mobility");

        List<Reply> replies = concurrently(titles.stream().<Supplier<Reply>>map(title -> () ->
                as(SECRETARIAT).post(proposalsOf(cid), Map.of("title", title, "summary", "Why"))).toList());

        List<String> ids = replies.stream().filter(reply -> reply.status() == 201)
                .map(reply -> assertCreated(reply, "id")).toList();
        replies.stream().filter(reply -> reply.status() != 201)
                .forEach(reply -> assertProblem(reply, 409, "CONCURRENT_MODIFICATION"));
        assertThat(ids).doesNotHaveDuplicates().isNotEmpty()
                .allMatch(id -> id.matches("climate-mobility(-[234])?"));
        assertThat(eventsOf(cid)).hasSize(1 + ids.size());
    }

    @Test
    void aTitleWithoutEnoughLatinLettersGetsANumberedProposalId() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT, "Proposal 2");

        String first = submitProposal(cid, SECRETARIAT, "移民与发展");
        String second = submitProposal(cid, SECRETARIAT, "الهجرة");

        assertThat(List.of(first, second)).containsExactly("proposal-3", "proposal-4");
    }

    @Test
    void acceptsATitleAndSummaryAtTheirLimits() {
        String cid = newConsultation();

        assertCreated(as(SECRETARIAT).post(proposalsOf(cid), Map.of("title", "t".repeat(200),
                "summary", "s".repeat(5000))), "id");
    }

    @Test
    void limitsCountCharactersNotBytes() {
        String cid = newConsultation();

        assertCreated(as(SECRETARIAT).post(proposalsOf(cid), Map.of("title", "\u00e9".repeat(200),
                "summary", "\u0645".repeat(5000))), "id");

        assertThat(lastPayloadOf(cid, ProposalSubmitted.class).title()).isEqualTo("\u00e9".repeat(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {CHAIR, OBSERVER})
    void onlyDelegatesAndTheSecretariatPropose(String user) {
        String cid = newConsultation();

        assertRejected(403, "FORBIDDEN", () -> as(user).post(proposalsOf(cid),
                Map.of("title", "A theme", "summary", "Why")));
    }

    @Test
    void proposingInAnUnknownConsultationIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(proposalsOf(uniqueId("missing")),
                Map.of("title", "A theme", "summary", "Why")));
    }

    static Stream<Arguments> invalidProposalFields() {
        return Stream.of(
                arguments("title", null),
                arguments("title", ""),
                arguments("title", "t".repeat(201)),
                arguments("summary", null),
                arguments("summary", "  "),
                arguments("summary", "s".repeat(5001)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidProposalFields")
    void refusesAnInvalidProposalAndNamesTheField(String field, String value) {
        String cid = newConsultation();
        Map<String, Object> body = new HashMap<>(Map.of("title", "A theme", "summary", "Why"));
        body.put(field, value);

        assertInvalid(() -> as(SECRETARIAT).post(proposalsOf(cid), body), field);
    }

    @Test
    void titlesAreUniqueRegardlessOfCaseAndSpaces() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT, "South-South Migration");

        assertRejected(409, "DUPLICATE_TITLE", () -> as(delegateOf(claimMemberState())).post(proposalsOf(cid),
                Map.of("title", "  south-south   MIGRATION ", "summary", "Ours too")));
    }

    @Test
    void theSameTitleIsFineInAnotherConsultation() {
        submitProposal(newConsultation(), SECRETARIAT, "Diaspora Engagement");

        submitProposal(newConsultation(), SECRETARIAT, "Diaspora Engagement");
    }

    @Test
    void noProposalsOnceVotingHasOpened() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT);
        openVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(proposalsOf(cid),
                Map.of("title", "Late theme", "summary", "Why")));
    }

    @Test
    void noProposalsInACancelledConsultation() {
        String cid = newConsultation();
        assertNoContent(as(SECRETARIAT).post(consultation(cid) + "/cancel", reason("Superseded")));

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(proposalsOf(cid),
                Map.of("title", "Late theme", "summary", "Why")));
    }

    // --- PUT /api/consultations/{cid}/proposals/{pid} ---------------------------------------------------------

    @Test
    void theProposerAmendsAndTheVersionRises() {
        String cid = newConsultation();
        String state = claimMemberState();
        String pid = submitProposal(cid, delegateOf(state));

        assertNoContent(as(delegateOf(state)).put(proposal(cid, pid),
                Map.of("title", "Amended theme", "summary", "Sharper")));
        assertNoContent(as(delegateOf(state)).put(proposal(cid, pid),
                Map.of("title", "Amended theme", "summary", "Sharper still")));

        assertThat(lastPayloadOf(cid, ProposalAmended.class))
                .isEqualTo(new ProposalAmended(cid, pid, 3, "Amended theme", "Sharper still"));
        assertActor(lastEventOf(cid), delegateOf(state), "DELEGATE", state);
    }

    @Test
    void theSecretariatAmendsTheAdministrationsProposal() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);

        assertNoContent(as(SECRETARIAT).put(proposal(cid, pid), Map.of("title", "New title", "summary", "New")));

        assertThat(lastPayloadOf(cid, ProposalAmended.class).version()).isEqualTo(2);
    }

    @Test
    void aProposalMayChangeTheCaseOfItsOwnTitle() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT, "Migration and Health");

        assertNoContent(as(SECRETARIAT).put(proposal(cid, pid),
                Map.of("title", "Migration and health", "summary", "Same theme")));

        assertThat(lastPayloadOf(cid, ProposalAmended.class).title()).isEqualTo("Migration and health");
    }

    @ParameterizedTest
    @ValueSource(strings = {"another delegate", SECRETARIAT, CHAIR, OBSERVER})
    void onlyTheProposerAmends(String who) {
        String cid = newConsultation();
        String pid = submitProposal(cid, delegateOf(claimMemberState()));
        String user = who.equals("another delegate") ? delegateOf(claimMemberState()) : who;

        assertRejected(403, "FORBIDDEN", () -> as(user).put(proposal(cid, pid),
                Map.of("title", "Taken over", "summary", "Mine")));
    }

    @Test
    void amendingAnUnknownProposalIsNotFound() {
        String cid = newConsultation();

        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).put(proposal(cid, uniqueId("missing")),
                Map.of("title", "A theme", "summary", "Why")));
    }

    @Test
    void amendingInAnUnknownConsultationIsNotFound() {
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).put(proposal(uniqueId("missing"), "p"),
                Map.of("title", "A theme", "summary", "Why")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidProposalFields")
    void refusesAnInvalidAmendmentAndNamesTheField(String field, String value) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        Map<String, Object> body = new HashMap<>(Map.of("title", "A theme", "summary", "Why"));
        body.put(field, value);

        assertInvalid(() -> as(SECRETARIAT).put(proposal(cid, pid), body), field);
    }

    @Test
    void anAmendmentCannotTakeAnotherProposalsTitle() {
        String cid = newConsultation();
        submitProposal(cid, SECRETARIAT, "Labour Mobility");
        String pid = submitProposal(cid, SECRETARIAT);

        assertRejected(409, "DUPLICATE_TITLE", () -> as(SECRETARIAT).put(proposal(cid, pid),
                Map.of("title", "LABOUR mobility", "summary", "Same as the other")));
    }

    @Test
    void noAmendmentsOnceVotingHasOpened() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).put(proposal(cid, pid),
                Map.of("title", "Too late", "summary", "Why")));
    }

    @Test
    void aWithdrawnProposalCannotBeAmended() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        withdraw(cid, pid, SECRETARIAT);

        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(SECRETARIAT).put(proposal(cid, pid),
                Map.of("title", "Revived", "summary", "Why")));
    }

    // --- POST /api/consultations/{cid}/proposals/{pid}/withdraw -----------------------------------------------

    @Test
    void theProposerWithdrawsWithAReason() {
        String cid = newConsultation();
        String state = claimMemberState();
        String pid = submitProposal(cid, delegateOf(state));

        assertNoContent(as(delegateOf(state)).post(proposal(cid, pid) + "/withdraw", reason("r".repeat(2000))));

        assertThat(lastPayloadOf(cid, ProposalWithdrawn.class))
                .isEqualTo(new ProposalWithdrawn(cid, pid, "r".repeat(2000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"another delegate", SECRETARIAT, CHAIR, OBSERVER})
    void onlyTheProposerWithdraws(String who) {
        String cid = newConsultation();
        String pid = submitProposal(cid, delegateOf(claimMemberState()));
        String user = who.equals("another delegate") ? delegateOf(claimMemberState()) : who;

        assertRejected(403, "FORBIDDEN", () -> as(user).post(proposal(cid, pid) + "/withdraw", reason("Mine")));
    }

    @Test
    void withdrawingAnUnknownProposalIsNotFound() {
        String cid = newConsultation();

        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).post(proposal(cid, uniqueId("missing"))
                + "/withdraw", reason("Gone")));
    }

    @ParameterizedTest
    @MethodSource("invalidReasons")
    void withdrawingNeedsAReasonWithinTheLimit(String reason) {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);

        assertInvalid(() -> as(SECRETARIAT).post(proposal(cid, pid) + "/withdraw", body), "reason");
    }

    static Stream<String> invalidReasons() {
        return Stream.of(null, "", "r".repeat(2001));
    }

    @Test
    void noWithdrawalsOnceVotingHasOpened() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        openVoting(cid);

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(proposal(cid, pid) + "/withdraw",
                reason("Too late")));
    }

    @Test
    void aProposalIsWithdrawnOnlyOnce() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        withdraw(cid, pid, SECRETARIAT);

        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(SECRETARIAT).post(proposal(cid, pid) + "/withdraw",
                reason("Again")));
    }
}
