package org.iom.idm.consultation;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.iom.idm.actor.Actor;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.EditComment;
import org.iom.idm.proposal.ProposalCommands.HideComment;
import org.iom.idm.proposal.ProposalCommands.RetractComment;
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
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;
import static org.iom.idm.rule.RefusalCode.NOT_FOUND;
import static org.iom.idm.rule.RefusalCode.PROPOSAL_WITHDRAWN;
import static org.iom.idm.rule.RefusalCode.WRONG_PHASE;

/** CONTRACT §3 rule 3 and the §4 permissions to comment, edit, retract and hide. */
class CommentRulesTest {

    private static final List<Phase> COMMENTABLE = List.of(Phase.OPEN, Phase.VOTING);
    private static final List<Phase> NOT_COMMENTABLE = List.of(Phase.CLOSED, Phase.DECIDED, Phase.CANCELLED);
    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted SOCIAL_CHANGE =
            submitted("social-change", "Migration and Social Change", "PHL");
    private static final CommentAdded PHL_COMMENT = new CommentAdded(CONSULTATION, "south-south", "c-1",
            "delegate-phl", "PHL", "A timely theme.", null);

    private FixtureConfiguration<Consultation> fixture;

    @BeforeEach
    void setUp() {
        fixture = consultationFixture();
    }

    @Test
    void commentsAreAcceptedOnlyWhileOpenOrVoting() {
        for (Phase phase : COMMENTABLE) {
            fixture.given(history(phase, SOUTH_SOUTH))
                   .when(comment("south-south", "c-1", null), PHL.toMetaData())
                   .expectEvents(PHL_COMMENT);
        }
        for (Phase phase : NOT_COMMENTABLE) {
            fixture.given(history(phase, SOUTH_SOUTH))
                   .when(comment("south-south", "c-1", null), PHL.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void commentsAreEditedAndRetractedOnlyWhileOpenOrVoting() {
        for (Phase phase : COMMENTABLE) {
            fixture.given(history(phase, SOUTH_SOUTH, PHL_COMMENT))
                   .when(edit("Amended support."), PHL.toMetaData())
                   .expectEvents(new CommentEdited(CONSULTATION, "south-south", "c-1", "Amended support."));
            fixture.given(history(phase, SOUTH_SOUTH, PHL_COMMENT))
                   .when(retract(), PHL.toMetaData())
                   .expectEvents(new CommentRetracted(CONSULTATION, "south-south", "c-1"));
        }
        for (Phase phase : NOT_COMMENTABLE) {
            fixture.given(history(phase, SOUTH_SOUTH, PHL_COMMENT))
                   .when(edit("Amended support."), PHL.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
            fixture.given(history(phase, SOUTH_SOUTH, PHL_COMMENT))
                   .when(retract(), PHL.toMetaData())
                   .expectException(violation(WRONG_PHASE))
                   .expectNoEvents();
        }
    }

    @Test
    void commentsAreAcceptedOnlyOnActiveProposals() {
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE, withdrawn("social-change"))
               .when(comment("south-south", "c-1", null), PHL.toMetaData())
               .expectEvents(PHL_COMMENT);
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE, withdrawn("social-change"))
               .when(comment("social-change", "c-1", null), PHL.toMetaData())
               .expectException(violation(PROPOSAL_WITHDRAWN))
               .expectNoEvents();
        fixture.given(created(), SOUTH_SOUTH)
               .when(comment("no-such-proposal", "c-1", null), PHL.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void aReplyNeedsAnExistingCommentOnTheSameProposal() {
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE, PHL_COMMENT)
               .when(comment("south-south", "c-2", "c-1"), BRA.toMetaData())
               .expectEvents(new CommentAdded(CONSULTATION, "south-south", "c-2", "delegate-bra", "BRA",
                       "A timely theme.", "c-1"));
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE, PHL_COMMENT)
               .when(comment("social-change", "c-2", "c-1"), BRA.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
        fixture.given(created(), SOUTH_SOUTH, SOCIAL_CHANGE, PHL_COMMENT)
               .when(comment("south-south", "c-2", "no-such-comment"), BRA.toMetaData())
               .expectException(violation(NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void everyRoleMayComment() {
        for (Actor anyone : List.of(PHL, SECRETARIAT, CHAIR, OBSERVER)) {
            fixture.given(created(), SOUTH_SOUTH)
                   .when(comment("south-south", "c-1", null), anyone.toMetaData())
                   .expectEvents(new CommentAdded(CONSULTATION, "south-south", "c-1", anyone.username(),
                           anyone.memberState(), "A timely theme.", null));
        }
        fixture.given(created(), SOUTH_SOUTH)
               .when(comment("south-south", "c-1", null))
               .expectException(violation(FORBIDDEN))
               .expectNoEvents();
    }

    @Test
    void onlyTheAuthorEditsAComment() {
        fixture.given(created(), SOUTH_SOUTH, PHL_COMMENT)
               .when(edit("Amended support."), PHL.toMetaData())
               .expectEvents(new CommentEdited(CONSULTATION, "south-south", "c-1", "Amended support."));
        for (Actor other : List.of(PHL_ALTERNATE, BRA, SECRETARIAT, CHAIR, OBSERVER)) {
            fixture.given(created(), SOUTH_SOUTH, PHL_COMMENT)
                   .when(edit("Amended support."), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void onlyTheAuthorRetractsAComment() {
        fixture.given(created(), SOUTH_SOUTH, PHL_COMMENT)
               .when(retract(), PHL.toMetaData())
               .expectEvents(new CommentRetracted(CONSULTATION, "south-south", "c-1"));
        for (Actor other : List.of(PHL_ALTERNATE, BRA, SECRETARIAT, CHAIR, OBSERVER)) {
            fixture.given(created(), SOUTH_SOUTH, PHL_COMMENT)
                   .when(retract(), other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    @Test
    void onlyTheSecretariatHidesACommentWithAReason() {
        HideComment hide = new HideComment(CONSULTATION, "south-south", "c-1", "offensive language");

        fixture.given(created(), SOUTH_SOUTH, PHL_COMMENT)
               .when(hide, SECRETARIAT.toMetaData())
               .expectEvents(new CommentHidden(CONSULTATION, "south-south", "c-1", "offensive language"));
        for (Actor other : List.of(PHL, BRA, CHAIR, OBSERVER)) {
            fixture.given(created(), SOUTH_SOUTH, PHL_COMMENT)
                   .when(hide, other.toMetaData())
                   .expectException(violation(FORBIDDEN))
                   .expectNoEvents();
        }
    }

    private static AddComment comment(String proposalId, String commentId, String inReplyTo) {
        return new AddComment(CONSULTATION, proposalId, commentId, "A timely theme.",
                inReplyTo);
    }

    private static EditComment edit(String text) {
        return new EditComment(CONSULTATION, "south-south", "c-1", text);
    }

    private static RetractComment retract() {
        return new RetractComment(CONSULTATION, "south-south", "c-1");
    }
}
