package org.iom.idm.consultation;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.proposal.ProposalCommands.AmendProposal;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalCommands.WithdrawProposal;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.iom.idm.consultation.ConsultationFixtures.BRA;
import static org.iom.idm.consultation.ConsultationFixtures.CHAIR;
import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.OBSERVER;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.PHL_ALTERNATE;
import static org.iom.idm.consultation.ConsultationFixtures.SECRETARIAT;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.created;
import static org.iom.idm.consultation.ConsultationFixtures.history;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.withdrawn;
import static org.iom.idm.rule.RefusalCode.DUPLICATE_TITLE;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.NOT_FOUND;
import static org.iom.idm.rule.RefusalCode.PROPOSAL_WITHDRAWN;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;

/** CONTRACT §3 rule 2 and the §4 permissions to submit, amend and withdraw proposals. */
class ProposalRulesTest {

    private static final List<Phase> NOT_OPEN = List.of(Phase.VOTING, Phase.CLOSED, Phase.DECIDED, Phase.CANCELLED);
    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted SOCIAL_CHANGE =
            submitted("social-change", "Migration and Social Change", "PHL");

    private FixtureConfiguration<Consultation> fixture;

    @BeforeEach
    void setUp() {
        fixture = consultationFixture();
    }

    @Test
    void proposalsAreSubmittedOnlyWhileOpen() {
        SubmitProposal submit = new SubmitProposal(CONSULTATION, "social-change", "Migration and Social Change",
                "Why Migration and Social Change");

        fixture.given(history(Phase.OPEN, SOUTH_SOUTH))
               .when(submit, PHL.toMetaData())
               .expectEvents(SOCIAL_CHANGE);
        for (Phase phase : NOT_OPEN) {
            fixture.given(history(phase, SOUTH_SOUTH))
                   .when(submit, PHL.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void proposalsAreAmendedOnlyWhileOpen() {
        AmendProposal amend = amendSocialChange("Migration, Development and Social Change");

        fixture.given(history(Phase.OPEN, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(amend, PHL.toMetaData())
               .expectEvents(socialChangeAmended(2, "Migration, Development and Social Change"));
        for (Phase phase : NOT_OPEN) {
            fixture.given(history(phase, SOUTH_SOUTH, SOCIAL_CHANGE))
                   .when(amend, PHL.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void proposalsAreWithdrawnOnlyWhileOpen() {
        fixture.given(history(Phase.OPEN, SOUTH_SOUTH, SOCIAL_CHANGE))
               .when(withdrawSocialChange(), PHL.toMetaData())
               .expectEvents(withdrawn("social-change"));
        for (Phase phase : NOT_OPEN) {
            fixture.given(history(phase, SOUTH_SOUTH, SOCIAL_CHANGE))
                   .when(withdrawSocialChange(), PHL.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void aSubmissionWithoutAnIdGetsTheFirstFreeOneMadeFromItsTitleWithdrawnOnesStayingTaken() {
        ProposalSubmitted first = submitted("climate-mobility", "Climate & Mobility", "PHL");
        ProposalSubmitted second = submitted("climate-mobility-2", "Climate - Mobility", "PHL");

        fixture.given(history(Phase.OPEN, first, second, withdrawn("climate-mobility-2")))
               .when(new SubmitProposal(CONSULTATION, null, "Climate: Mobility", "Why Climate: Mobility"),
                       PHL.toMetaData())
               .expectEvents(submitted("climate-mobility-3", "Climate: Mobility", "PHL"))
               .expectResultMessagePayload("climate-mobility-3");
    }

    @Test
    void aDelegateProposesForItsOwnStateAndTheSecretariatAsAdministration() {
        SubmitProposal submit = new SubmitProposal(CONSULTATION, "labour-mobility", "Labour Mobility", "Why");

        fixture.given(created())
               .when(submit, BRA.toMetaData())
               .expectEvents(new ProposalSubmitted(CONSULTATION, "labour-mobility", "Labour Mobility", "Why", "BRA"));
        fixture.given(created())
               .when(submit, SECRETARIAT.toMetaData())
               .expectEvents(new ProposalSubmitted(CONSULTATION, "labour-mobility", "Labour Mobility", "Why",
                       Proposer.ADMINISTRATION));
        for (Actor neither : List.of(CHAIR, OBSERVER)) {
            fixture.given(created())
                   .when(submit, neither.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void onlyTheProposerAmendsAProposal() {
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(amendSocialChange("Migration and Social Change in Asia"), PHL_ALTERNATE.toMetaData())
               .expectEvents(socialChangeAmended(2, "Migration and Social Change in Asia"));
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(new AmendProposal(CONSULTATION, "south-south", "South-South Labour Migration", "Why"),
                       SECRETARIAT.toMetaData())
               .expectEvents(new ProposalAmended(CONSULTATION, "south-south", 2, "South-South Labour Migration",
                       "Why"));
        for (Actor other : List.of(BRA, SECRETARIAT, CHAIR, OBSERVER)) {
            fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
                   .when(amendSocialChange("Migration and Social Change in Asia"), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(new AmendProposal(CONSULTATION, "south-south", "South-South Labour Migration", "Why"),
                       PHL.toMetaData())
               .expectException(violation(FORBIDDEN))
               .expectNoEvents();
    }

    @Test
    void onlyTheProposerWithdrawsAProposal() {
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(withdrawSocialChange(), PHL_ALTERNATE.toMetaData())
               .expectEvents(withdrawn("social-change"));
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(new WithdrawProposal(CONSULTATION, "south-south", "merged into another proposal"),
                       SECRETARIAT.toMetaData())
               .expectEvents(withdrawn("south-south"));
        for (Actor other : List.of(BRA, SECRETARIAT, CHAIR, OBSERVER)) {
            fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
                   .when(withdrawSocialChange(), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(new WithdrawProposal(CONSULTATION, "south-south", "merged into another proposal"),
                       PHL.toMetaData())
               .expectException(violation(FORBIDDEN))
               .expectNoEvents();
    }

    @Test
    void titlesAreUniqueIgnoringCaseAndSpaces() {
        fixture.given(created(), SOUTH_SOUTH)
               .when(new SubmitProposal(CONSULTATION, "social-change", "Migration and Social Change",
                       "Why Migration and Social Change"), PHL.toMetaData())
               .expectEvents(SOCIAL_CHANGE);
        for (String sameTitle : List.of("South-South Migration", "south-south migration", "SOUTH-SOUTH MIGRATION",
                "  South-South   Migration ", "South-South\tMigration")) {
            fixture.given(created(), SOUTH_SOUTH)
                   .when(new SubmitProposal(CONSULTATION, "again", sameTitle, "Why"), PHL.toMetaData())
                   .expectException(violation(DUPLICATE_TITLE))
                   .expectNoEvents();
        }
    }

    @Test
    void titlesAreUniqueAfterUnicodeNormalisationWithoutZeroWidthCharacters() {
        for (String lookAlike : List.of(
                "\uFF33\uFF4F\uFF55\uFF54\uFF48-South Migration", // fullwidth letters
                "South\uFF0DSouth\u3000Migration", // fullwidth hyphen, ideographic space
                "South-South\u200B Migration", // zero-width space
                "\uFEFFSouth-\u200DSouth Migra\u00ADtion\u2060", // byte order mark, joiner, soft hyphen, word joiner
                "South-South\u00A0Migration")) { // no-break space
            fixture.given(created(), SOUTH_SOUTH)
                   .when(new SubmitProposal(CONSULTATION, "again", lookAlike, "Why"), PHL.toMetaData())
                   .expectException(violation(DUPLICATE_TITLE))
                   .expectNoEvents();
        }
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(amendSocialChange("\uFF53outh-south\u200C migration"), PHL.toMetaData())
               .expectException(violation(DUPLICATE_TITLE))
               .expectNoEvents();
    }

    @Test
    void titlesStayUniqueWhenAmended() {
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(amendSocialChange("MIGRATION AND SOCIAL  CHANGE"), PHL.toMetaData())
               .expectEvents(socialChangeAmended(2, "MIGRATION AND SOCIAL  CHANGE"));
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE)
               .when(amendSocialChange("south-south  migration"), PHL.toMetaData())
               .expectException(violation(DUPLICATE_TITLE))
               .expectNoEvents();
    }

    @Test
    void eachAmendmentRaisesTheVersion() {
        fixture.given(created(), SOCIAL_CHANGE, socialChangeAmended(2, "Migration and Social Change in Asia"))
               .when(amendSocialChange("Migration and Social Change in Asia and Africa"), PHL.toMetaData())
               .expectEvents(socialChangeAmended(3, "Migration and Social Change in Asia and Africa"));
        fixture.given(created(), SOCIAL_CHANGE, socialChangeAmended(2, "Migration and Social Change in Asia"))
               .when(amendSocialChange("Migration and Social Change in Asia"), PHL.toMetaData())
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void aWithdrawnProposalCannotBeAmendedOrWithdrawnAgain() {
        fixture.given(created(), SOCIAL_CHANGE)
               .when(amendSocialChange("Migration and Social Change in Asia"), PHL.toMetaData())
               .expectEvents(socialChangeAmended(2, "Migration and Social Change in Asia"));
        fixture.given(created(), SOCIAL_CHANGE, withdrawn("social-change"))
               .when(amendSocialChange("Migration and Social Change in Asia"), PHL.toMetaData())
               .expectException(violation(PROPOSAL_WITHDRAWN))
               .expectNoEvents();
        fixture.given(created(), SOCIAL_CHANGE, withdrawn("social-change"))
               .when(withdrawSocialChange(), PHL.toMetaData())
               .expectException(violation(PROPOSAL_WITHDRAWN))
               .expectNoEvents();
    }

    @Test
    void anUnknownProposalIsNotFound() {
        fixture.given(created(), SOCIAL_CHANGE)
               .when(new AmendProposal(CONSULTATION, "no-such-proposal", "Anything", "Why"), PHL.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
        fixture.given(created(), SOCIAL_CHANGE)
               .when(new WithdrawProposal(CONSULTATION, "no-such-proposal", "gone"), PHL.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
        fixture.given(created(), SOCIAL_CHANGE)
               .when(withdrawSocialChange(), PHL.toMetaData())
               .expectEvents(withdrawn("social-change"));
    }

    private static AmendProposal amendSocialChange(String title) {
        return new AmendProposal(CONSULTATION, "social-change", title, "Why " + title);
    }

    private static ProposalAmended socialChangeAmended(int version, String title) {
        return new ProposalAmended(CONSULTATION, "social-change", version, title, "Why " + title);
    }

    private static WithdrawProposal withdrawSocialChange() {
        return new WithdrawProposal(CONSULTATION, "social-change", "merged into another proposal");
    }
}
