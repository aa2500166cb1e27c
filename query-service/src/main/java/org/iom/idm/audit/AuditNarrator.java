package org.iom.idm.audit;

import org.iom.idm.actor.Role;
import org.iom.idm.audit.AuditLabels.Kind;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.Phase;
import org.iom.idm.membership.MembershipEvent;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.proposal.CommentEvent;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.ProposalEvent;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.Rows;

import java.util.List;

/**
 * Says in plain words what an event did, for a secretariat officer: who (a delegate with its state's name, the
 * secretariat, the chair), what, to which consultation, proposal, comment or state, and, where the event
 * changed something that was there before, the state before and after. Names come from the audit's own labels,
 * which each event then updates for the entries after it.
 */
final class AuditNarrator {

    /** {@code before} and {@code after} are null where the event changed nothing that could be shown. */
    record Narration(String summary, String before, String after) {
    }

    /** The actor as the event's metadata records it; any part may be missing. */
    record Who(String username, String role, String memberState) {
    }

    private static final String ADMINISTRATION = "The Administration";
    private static final String ABSTENTION = "abstention";
    private static final String ABSTAINED_MARKER = "(abstained)";

    private final AuditLabels labels;

    AuditNarrator(AuditLabels labels) {
        this.labels = labels;
    }

    Narration narrate(Object event, Who who) {
        if (event instanceof ConsultationEvent consultationEvent) {
            return consultation(consultationEvent, who);
        }
        if (event instanceof ProposalEvent proposalEvent) {
            return proposal(proposalEvent, who);
        }
        if (event instanceof CommentEvent commentEvent) {
            return comment(commentEvent, who);
        }
        if (event instanceof BallotEvent ballotEvent) {
            return ballot(ballotEvent);
        }
        if (event instanceof MembershipEvent membershipEvent) {
            return membership(membershipEvent, who);
        }
        return new Narration(actor(who) + " recorded a " + AuditHash.typeOf(event) + " event", null, null);
    }

    // --- consultations ---------------------------------------------------------------------------------------

    private Narration consultation(ConsultationEvent event, Who who) {
        String cid = event.consultationId();
        if (event instanceof ConsultationCreated created) {
            StringBuilder summary = new StringBuilder(actor(who)).append(" created the consultation ")
                    .append(quoted(created.title()));
            if (created.parentId() != null) {
                summary.append(" under ").append(quoted(consultationTitle(created.parentId())));
            }
            if (created.selectCount() != 1) {
                summary.append(", to select ").append(created.selectCount()).append(" proposals");
            }
            if (created.quorum() != null) {
                summary.append(", quorum ").append(created.quorum());
            }
            labels.put(Kind.CONSULTATION, cid, created.title());
            return new Narration(summary.toString(), null, null);
        }
        if (event instanceof ConsultationCancelled cancelled) {
            return new Narration(actor(who) + " cancelled the consultation " + quoted(consultationTitle(cid))
                    + reason(cancelled.reason()), name(cancelled.previousPhase()), Phase.CANCELLED.name());
        }
        if (event instanceof VotingOpened opened) {
            return new Narration(actor(who) + " opened voting: " + count(opened.eligible(), "member state")
                    + " eligible, quorum " + opened.quorum(), Phase.OPEN.name(), Phase.VOTING.name());
        }
        if (event instanceof VotingClosed closed) {
            return new Narration(actor(who) + " closed voting: " + count(closed.ballotsCast(), "ballot") + " cast ("
                    + count(closed.abstentions(), "abstention") + "), quorum " + closed.quorum()
                    + (closed.quorumMet() ? " met" : " not met"), Phase.VOTING.name(), Phase.CLOSED.name());
        }
        if (event instanceof DecisionRecorded decided) {
            String rationale = decided.rationale() == null || decided.rationale().isBlank() ? ""
                    : "; rationale: " + decided.rationale();
            return new Narration(actor(who) + " recorded the decision: " + proposals(cid, decided.selected())
                    + rationale, Phase.CLOSED.name(), Phase.DECIDED.name());
        }
        return other(event, who);
    }

    // --- proposals -------------------------------------------------------------------------------------------

    private Narration proposal(ProposalEvent event, Who who) {
        String key = AuditLabels.key(event.consultationId(), event.proposalId());
        if (event instanceof ProposalSubmitted submitted) {
            String proposer = Proposer.ADMINISTRATION.equals(submitted.proposer()) ? ADMINISTRATION
                    : memberStateName(submitted.proposer());
            labels.put(Kind.PROPOSAL_TITLE, key, submitted.title());
            labels.put(Kind.PROPOSAL_SUMMARY, key, submitted.summary());
            return new Narration(proposer + " submitted the proposal " + quoted(submitted.title()), null,
                    proposalText(submitted.title(), submitted.summary()));
        }
        if (event instanceof ProposalAmended amended) {
            String oldTitle = labels.get(Kind.PROPOSAL_TITLE, key, null);
            String oldSummary = labels.get(Kind.PROPOSAL_SUMMARY, key, null);
            String shownTitle = oldTitle == null ? amended.title() : oldTitle;
            String retitled = oldTitle != null && !oldTitle.equals(amended.title())
                    ? ", now titled " + quoted(amended.title()) : "";
            labels.put(Kind.PROPOSAL_TITLE, key, amended.title());
            labels.put(Kind.PROPOSAL_SUMMARY, key, amended.summary());
            return new Narration(actor(who) + " amended the proposal " + quoted(shownTitle) + retitled
                    + " (version " + amended.version() + ")",
                    oldTitle == null ? null : proposalText(oldTitle, oldSummary),
                    proposalText(amended.title(), amended.summary()));
        }
        if (event instanceof ProposalWithdrawn withdrawn) {
            return new Narration(actor(who) + " withdrew the proposal "
                    + quoted(proposalTitle(event.consultationId(), event.proposalId())) + reason(withdrawn.reason()),
                    ProposalStatus.ACTIVE.name(), ProposalStatus.WITHDRAWN.name());
        }
        return other(event, who);
    }

    // --- comments --------------------------------------------------------------------------------------------

    private Narration comment(CommentEvent event, Who who) {
        String key = AuditLabels.key(event.consultationId(), event.commentId());
        String onProposal = " on the proposal " + quoted(proposalTitle(event.consultationId(), event.proposalId()));
        String text = labels.get(Kind.COMMENT_TEXT, key, null);
        if (event instanceof CommentAdded added) {
            labels.put(Kind.COMMENT_TEXT, key, added.text());
            labels.put(Kind.COMMENT_AUTHOR, key, added.author());
            String what = added.inReplyTo() == null ? " commented" : " replied to a comment by " + labels.get(
                    Kind.COMMENT_AUTHOR, AuditLabels.key(event.consultationId(), added.inReplyTo()), "someone");
            return new Narration(actor(who) + what + onProposal, null, added.text());
        }
        if (event instanceof CommentEdited edited) {
            labels.put(Kind.COMMENT_TEXT, key, edited.text());
            return new Narration(actor(who) + " edited a comment" + onProposal, text, edited.text());
        }
        if (event instanceof CommentRetracted) {
            return new Narration(actor(who) + " retracted a comment" + onProposal, text, null);
        }
        if (event instanceof CommentHidden hidden) {
            String author = labels.get(Kind.COMMENT_AUTHOR, key, "someone");
            return new Narration(actor(who) + " hid a comment by " + author + onProposal + reason(hidden.reason()),
                    text, null);
        }
        return other(event, who);
    }

    // --- ballots ---------------------------------------------------------------------------------------------

    /** A ballot is its member state's act, whoever of its delegates cast it: the state is the subject. */
    private Narration ballot(BallotEvent event) {
        String cid = event.consultationId();
        String key = AuditLabels.key(cid, event.memberState());
        String state = memberStateName(event.memberState());
        String after = ballotText(cid, event.abstain(), event.choices());
        String previous = labels.get(Kind.BALLOT, key, null);
        labels.put(Kind.BALLOT, key, event.abstain() ? ABSTAINED_MARKER : Rows.joinIds(event.choices()));
        if (event instanceof BallotCast) {
            String summary = event.abstain() ? state + " abstained"
                    : state + " cast its ballot for " + proposals(cid, event.choices());
            return new Narration(summary, null, after);
        }
        if (event instanceof BallotChanged) {
            String before = previous == null ? null : ABSTAINED_MARKER.equals(previous) ? ABSTENTION
                    : proposals(cid, Rows.splitIds(previous));
            String from = before == null ? "" : " from " + inSentence(before);
            return new Narration(state + " changed its ballot" + from + " to " + inSentence(after), before, after);
        }
        return new Narration(state + " recorded a " + AuditHash.typeOf(event) + " event", null, null);
    }

    private String ballotText(String cid, boolean abstain, List<String> choices) {
        return abstain ? ABSTENTION : proposals(cid, choices);
    }

    private static String inSentence(String ballot) {
        return ABSTENTION.equals(ballot) ? "an " + ABSTENTION : ballot;
    }

    // --- member states ---------------------------------------------------------------------------------------

    private Narration membership(MembershipEvent event, Who who) {
        if (event instanceof MemberStateRegistered registered) {
            labels.put(Kind.MEMBER_STATE, registered.code(), registered.name());
            return new Narration(actor(who) + " registered the member state " + registered.name() + " ("
                    + registered.code() + ")", null, VotingRights.ACTIVE.name());
        }
        String state = memberStateName(event.code());
        if (event instanceof VotingRightsSuspended suspended) {
            return new Narration(actor(who) + " suspended the voting rights of " + state + reason(suspended.reason()),
                    VotingRights.ACTIVE.name(), VotingRights.SUSPENDED.name());
        }
        if (event instanceof VotingRightsReinstated) {
            return new Narration(actor(who) + " reinstated the voting rights of " + state,
                    VotingRights.SUSPENDED.name(), VotingRights.ACTIVE.name());
        }
        return other(event, who);
    }

    // --- words -----------------------------------------------------------------------------------------------

    /** A delegate with its state's name; the secretariat, the chair and observers by role and user name. */
    private String actor(Who who) {
        if (who.username() == null) {
            return "An unrecorded actor";
        }
        Role role = roleOf(who.role());
        if (role == null) {
            return who.username();
        }
        return switch (role) {
            case DELEGATE -> who.memberState() == null ? who.username()
                    : who.username() + " (" + memberStateName(who.memberState()) + ")";
            case SECRETARIAT -> "The secretariat (" + who.username() + ")";
            case CHAIR -> "The chair (" + who.username() + ")";
            case OBSERVER -> "The observer (" + who.username() + ")";
        };
    }

    private Narration other(Object event, Who who) {
        return new Narration(actor(who) + " recorded a " + AuditHash.typeOf(event) + " event", null, null);
    }

    private String memberStateName(String code) {
        return code == null ? "an unnamed member state" : labels.get(Kind.MEMBER_STATE, code, code);
    }

    private String consultationTitle(String consultationId) {
        return labels.get(Kind.CONSULTATION, consultationId, consultationId);
    }

    private String proposalTitle(String consultationId, String proposalId) {
        return labels.get(Kind.PROPOSAL_TITLE, AuditLabels.key(consultationId, proposalId), proposalId);
    }

    /** 'A', 'A' and 'B', or 'A', 'B' and 'C': the proposals by their titles at this moment. */
    private String proposals(String consultationId, List<String> proposalIds) {
        if (proposalIds == null || proposalIds.isEmpty()) {
            return "no proposal";
        }
        List<String> titles = proposalIds.stream().map(pid -> quoted(proposalTitle(consultationId, pid))).toList();
        if (titles.size() == 1) {
            return titles.get(0);
        }
        return String.join(", ", titles.subList(0, titles.size() - 1)) + " and " + titles.get(titles.size() - 1);
    }

    private static String proposalText(String title, String summary) {
        return "Title: " + title + "\nSummary: " + (summary == null ? "" : summary);
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static Role roleOf(String role) {
        for (Role candidate : Role.values()) {
            if (candidate.name().equals(role)) {
                return candidate;
            }
        }
        return null;
    }
}
