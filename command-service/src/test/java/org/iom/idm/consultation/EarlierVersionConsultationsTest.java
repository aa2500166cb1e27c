package org.iom.idm.consultation;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.consultation.EarlierVersionFixture.DECIDED;
import static org.iom.idm.consultation.EarlierVersionFixture.OPEN;
import static org.iom.idm.consultation.EarlierVersionFixture.VOTING;

/**
 * Consultations stored by the earlier version (events and a snapshot, {@link EarlierVersionFixture}) load through
 * the real repository, and every rule of CONTRACT §3 judges them as that version did: the same codes, the same
 * events. The fixture's delegates act for VNM, YEM, ZMB and ZWE.
 */
class EarlierVersionConsultationsTest extends ApiTestSupport {

    private static final EarlierVersionFixture FIXTURE = EarlierVersionFixture.load();

    @Autowired
    private JdbcTemplate jdbc;

    /** Other tests may have suspended a fixture state; the fixture was written with all of them voting. */
    @BeforeEach
    void fixtureStatesVote() {
        assertThat(FIXTURE.memberStates()).containsExactly("VNM", "YEM", "ZMB", "ZWE");
        FIXTURE.memberStates().forEach(state -> assertNoContent(as(SECRETARIAT)
                .post(memberState(state) + "/reinstate-voting-rights")));
    }

    @Test
    void aDecidedConsultationStoredByTheEarlierVersionLoadsAndIsJudgedTheSame() {
        FIXTURE.storeInto(jdbc, DECIDED);
        String southSouth = "south-south-migration";
        String labour = "labour-mobility";

        assertRejected(403, "FORBIDDEN", () -> as(SECRETARIAT).post(consultation(DECIDED) + "/decision",
                Map.of("selected", List.of(southSouth))));
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(DECIDED) + "/decision",
                Map.of("selected", List.of(southSouth), "rationale", "Again")));
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(DECIDED) + "/open-voting"));
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(DECIDED) + "/close-voting"));
        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(consultation(DECIDED) + "/cancel",
                reason("Too late")));
        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf("VNM")).put(consultation(DECIDED) + "/ballots/VNM",
                Map.of("choices", List.of(labour))));
        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf("ZWE")).post(proposal(DECIDED, southSouth)
                + "/comments", Map.of("text", "After the decision")));
        assertRejected(403, "FORBIDDEN", () -> as(delegateOf("VNM")).put(proposal(DECIDED, southSouth),
                Map.of("title", "Mine now", "summary", "Not my proposal")));
        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).put(proposal(DECIDED, southSouth),
                Map.of("title", "South-South Migration", "summary", "Back to the first version")));
        assertRejected(404, "NOT_FOUND", () -> as(SECRETARIAT).put(proposal(DECIDED, "no-such-proposal"),
                Map.of("title", "Nothing", "summary", "Nothing")));
        assertRejected(403, "FORBIDDEN", () -> as(delegateOf("YEM")).put(comment(DECIDED, southSouth, "d-m2"),
                Map.of("text", "Not my comment")));
        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf("VNM")).put(comment(DECIDED, southSouth, "d-m2"),
                Map.of("text", "My comment, after the decision")));
        assertRejected(404, "NOT_FOUND", () -> as(delegateOf("ZMB")).post(comment(DECIDED, southSouth, "d-m4")
                + "/retract"));
        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(comment(DECIDED, labour, "d-m5") + "/hide",
                reason("Hidden already")));
        assertNoContent(as(SECRETARIAT).post(comment(DECIDED, southSouth, "d-m3") + "/hide",
                reason("Hidden after the decision, as before")));

        assertCreated(as(SECRETARIAT).post("/api/consultations", Map.of("id", uniqueId("follow-up"),
                "title", "Workshops under the decided theme", "question", "Which topics?", "parentId", DECIDED)),
                "id");
    }

    @Test
    void aVotingConsultationStoredWithItsSnapshotByTheEarlierVersionLoadsAndIsJudgedTheSame() {
        FIXTURE.storeInto(jdbc, VOTING);
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ? "
                + "and sequence_number = ?", Integer.class, VOTING, FIXTURE.snapshotSequence(VOTING))).isEqualTo(1);
        String labour = "labour-migration";
        String diasporas = "diasporas";
        String returning = "return-migration";
        String withdrawn = "climate-change";

        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(proposalsOf(VOTING),
                Map.of("title", "Too late", "summary", "Proposals are frozen")));
        assertRejected(409, "WRONG_PHASE", () -> as(SECRETARIAT).post(proposal(VOTING, diasporas) + "/withdraw",
                reason("Frozen")));
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(VOTING) + "/decision",
                Map.of("selected", List.of(labour, returning))));
        assertRejected(403, "FORBIDDEN", () -> as(delegateOf("YEM")).put(consultation(VOTING) + "/ballots/VNM",
                Map.of("choices", List.of(diasporas))));
        assertRejected(409, "TOO_MANY_CHOICES", () -> as(delegateOf("ZWE")).put(consultation(VOTING)
                + "/ballots/ZWE", Map.of("choices", List.of(labour, diasporas, returning))));
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf("ZWE")).put(consultation(VOTING)
                + "/ballots/ZWE", Map.of("choices", List.of(withdrawn))));
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf("ZWE")).post(proposal(VOTING, withdrawn)
                + "/comments", Map.of("text", "On a withdrawn proposal")));
        assertRejected(404, "NOT_FOUND", () -> as(delegateOf("ZWE")).post(proposal(VOTING, labour) + "/comments",
                Map.of("text", "A reply on the wrong proposal", "inReplyTo", "v-m1")));
        assertCreated(as(delegateOf("ZWE")).post(proposal(VOTING, diasporas) + "/comments",
                Map.of("text", "A reply while voting", "inReplyTo", "v-m1")), "id");

        long before = storedEventCount();
        castBallot(VOTING, "VNM", returning, labour);
        assertThat(storedEventCount()).as("the same ballot again records nothing").isEqualTo(before);
        assertNoContent(as(delegateOf("VNM")).put(consultation(VOTING) + "/ballots/VNM",
                Map.of("choices", List.of(labour, returning), "explanation", "Both topics matter to us.")));
        assertThat(lastPayloadOf(VOTING, BallotChanged.class)).as("an earlier ballot has no explanation of vote")
                .isEqualTo(new BallotChanged(VOTING, "VNM", List.of(labour, returning), false,
                        "Both topics matter to us.", Map.of(labour, 1, returning, 1)));
        castBallot(VOTING, "ZWE", diasporas);
        assertThat(lastPayloadOf(VOTING, BallotCast.class))
                .isEqualTo(new BallotCast(VOTING, "ZWE", List.of(diasporas), false, null,
                        Map.of(diasporas, 1)));

        closeVoting(VOTING);
        assertThat(lastPayloadOf(VOTING, VotingClosed.class)).isEqualTo(new VotingClosed(VOTING, 4, 1, 3, true));
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(VOTING) + "/runoff"));
        assertRejected(400, "VALIDATION_FAILED", () -> as(CHAIR).post(consultation(VOTING) + "/decision",
                Map.of("selected", List.of(labour))));
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(CHAIR).post(consultation(VOTING) + "/decision",
                Map.of("selected", List.of(labour, withdrawn))));
        assertRejected(409, "RATIONALE_REQUIRED", () -> as(CHAIR).post(consultation(VOTING) + "/decision",
                Map.of("selected", List.of(labour, returning))));
        assertNoContent(as(CHAIR).post(consultation(VOTING) + "/decision",
                Map.of("selected", List.of(labour, returning), "rationale", "Return and diasporas tied")));
        assertThat(lastPayloadOf(VOTING, DecisionRecorded.class)).isEqualTo(new DecisionRecorded(VOTING,
                List.of(labour, returning), "Return and diasporas tied"));
    }

    @Test
    void anOpenConsultationStoredByTheEarlierVersionLoadsAndIsJudgedTheSame() {
        FIXTURE.storeInto(jdbc, OPEN);
        String health = "migration-and-health";
        String children = "migrant-children";
        String irregular = "irregular-migration";

        assertRejected(409, "DUPLICATE_TITLE", () -> as(SECRETARIAT).post(proposalsOf(OPEN),
                Map.of("title", "  children ON the   move ", "summary", "The amended title is taken")));
        assertRejected(409, "DUPLICATE_TITLE", () -> as(SECRETARIAT).post(proposalsOf(OPEN),
                Map.of("title", "Irregular Migration", "summary", "A withdrawn proposal keeps its title")));
        assertRejected(403, "FORBIDDEN", () -> as(delegateOf("YEM")).put(proposal(OPEN, children),
                Map.of("title", "Children", "summary", "Not my proposal")));
        assertRejected(403, "FORBIDDEN", () -> as(SECRETARIAT).put(proposal(OPEN, children),
                Map.of("title", "Children", "summary", "Not the Administration's proposal")));
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf("YEM")).put(proposal(OPEN, irregular),
                Map.of("title", "Safe Migration", "summary", "Reworded")));
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf("YEM")).post(proposal(OPEN, irregular)
                + "/withdraw", reason("Again")));
        assertRejected(409, "PROPOSAL_WITHDRAWN", () -> as(delegateOf("ZWE")).post(proposal(OPEN, irregular)
                + "/comments", Map.of("text", "On a withdrawn proposal")));
        assertRejected(404, "NOT_FOUND", () -> as(delegateOf("ZWE")).post(proposal(OPEN, health) + "/comments",
                Map.of("text", "A reply to a comment elsewhere", "inReplyTo", "o-m1")));
        assertRejected(403, "FORBIDDEN", () -> as(delegateOf("YEM")).put(comment(OPEN, health, "o-m2"),
                Map.of("text", "Not my comment")));
        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf("YEM")).put(comment(OPEN, health, "o-m3"),
                Map.of("text", "My retracted comment")));
        long before = storedEventCount();
        assertNoContent(as(SECRETARIAT).put(proposal(OPEN, health),
                Map.of("title", "Migration and Health", "summary", "Access to health services")));
        assertThat(storedEventCount()).as("an amendment that changes nothing records nothing").isEqualTo(before);

        assertThat(assertCreated(as(SECRETARIAT).post(proposalsOf(OPEN), Map.of("title", "Migrant Children",
                "summary", "The title its amendment left free")), "id")).isEqualTo(children + "-2");
        withdraw(OPEN, children, delegateOf("VNM"));
        withdraw(OPEN, children + "-2", SECRETARIAT);
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(OPEN) + "/open-voting"));
    }
}
