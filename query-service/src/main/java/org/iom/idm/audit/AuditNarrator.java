package org.iom.idm.audit;

import org.iom.idm.actor.Role;
import org.iom.idm.audit.AuditLabels.Kind;
import org.iom.idm.audit.AuditWords.Phrase;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.consultation.ConsultationEvent.CommentsClosed;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.Phase;
import org.iom.idm.consultation.Schedule;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MembershipEvent;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Says what an event did, for a secretariat officer: who (a delegate for its state, the secretariat, the chair), what,
 * to which consultation, proposal, comment or state, and, where the event changed something that was there before,
 * the state before and after. It says it in {@link AuditWords}, in no language yet: the entry keeps them in English
 * for the record and the web UI says them in the reader's language. Names, and the phase a consultation moves from,
 * come from the audit's own labels, which each event then updates for the entries after it.
 */
final class AuditNarrator {

    /** Words ({@link AuditWords}); {@code before} and {@code after} are null where the event changed nothing shown. */
    record Narration(Object summary, Object before, Object after) {
    }

    /** The actor as the event's metadata records it; any part may be missing. */
    record Who(String username, String role, String memberState) {
    }

    private static final String SAYS = "audit.narration.";
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
        return other(event, actor(who));
    }

    /**
     * A delegate for its state, the secretariat, the chair and observers by role (the record adds the user name),
     * anyone else by user name. {@code stateName}: the name of the delegate's state, or its code.
     */
    static Phrase actor(String username, String role, String memberState, String stateName) {
        if (username == null) {
            return Phrase.of("audit.who.nobody");
        }
        Role known = roleOf(role);
        if (known == null || known == Role.DELEGATE && memberState == null) {
            return Phrase.of("audit.who.user", username);
        }
        return Phrase.of("audit.who." + known.name(), username, stateName);
    }

    // --- consultations ---------------------------------------------------------------------------------------

    private Narration consultation(ConsultationEvent event, Who who) {
        String cid = event.consultationId();
        if (event instanceof ConsultationCreated created) {
            Object[] parts = {actor(who), quoted(created.title()),
                    created.parentId() == null ? null
                            : Phrase.of(SAYS + "followUp", quoted(consultationTitle(created.parentId()))),
                    created.selectCount() == 1 ? null : Phrase.of(SAYS + "selects", created.selectCount()),
                    created.quorum() == null ? null : Phrase.of(SAYS + "quorum", created.quorum())};
            List<Object> declared = declarations(created);
            Phrase summary = declared.isEmpty() ? says(created, parts)
                    : Phrase.of(SAYS + "ConsultationCreated.declared", append(parts, declared));
            labels.put(Kind.CONSULTATION, cid, created.title());
            labels.put(Kind.PHASE, cid, Phase.OPEN.name());
            return new Narration(summary, null, null);
        }
        if (event instanceof ConsultationCancelled cancelled) {
            return moved(cid, says(cancelled, actor(who), quoted(consultationTitle(cid)),
                    reason(cancelled.reason())), cancelled.previousPhase(), Phase.CANCELLED);
        }
        if (event instanceof ConsultationScheduled scheduled) {
            return new Narration(says(scheduled, actor(who), quoted(consultationTitle(cid)),
                    instants(scheduled.schedule())), null, null);
        }
        if (event instanceof CommentsClosed closed) {
            return new Narration(says(closed, actor(who), quoted(consultationTitle(cid))), null, null);
        }
        if (event instanceof DraftCirculated circulated) {
            return moved(cid, says(circulated, actor(who), circulated.circulation(),
                            proposals(cid, circulated.selected()), circulated.deadline().toString(),
                            Phrase.of(SAYS + "draftText", circulated.text())),
                    phaseBefore(cid, circulated.circulation() == 1 ? Phase.OPEN : Phase.SILENCE_BROKEN),
                    Phase.CIRCULATED);
        }
        if (event instanceof SilenceBroken broken) {
            // A delegate breaks silence for its own state, which the event names.
            Phrase breaker = actor(new Who(who.username(), who.role(), broken.memberState()));
            return moved(cid, says(broken, breaker, broken.circulation(), reason(broken.reason())),
                    phaseBefore(cid, Phase.CIRCULATED), Phase.SILENCE_BROKEN);
        }
        if (event instanceof VotingOpened opened) {
            return moved(cid, says(opened, actor(who), opened.eligible(), opened.quorum()),
                    phaseBefore(cid, Phase.OPEN), Phase.VOTING);
        }
        if (event instanceof VotingClosed closed) {
            return moved(cid, says(closed, actor(who), closed.ballotsCast(), closed.abstentions(), closed.quorum(),
                    closed.quorumMet() ? 1 : 0), phaseBefore(cid, Phase.VOTING), Phase.CLOSED);
        }
        if (event instanceof RunoffOpened runoff) {
            return moved(cid, says(runoff, actor(who), runoff.round(), proposals(cid, runoff.candidates()),
                    runoff.eligible(), runoff.quorum()), phaseBefore(cid, Phase.CLOSED), Phase.VOTING);
        }
        if (event instanceof DecisionRecorded decided) {
            Phrase rationale = decided.rationale() == null || decided.rationale().isBlank() ? null
                    : Phrase.of(SAYS + "rationale", decided.rationale());
            Phase from = phaseBefore(cid, Phase.CLOSED);
            // Rule 8: a decision straight from a draft in circulation is the draft no state broke silence on.
            Phrase summary = from == Phase.CIRCULATED
                    ? Phrase.of(SAYS + "DecisionRecorded.silence", actor(who), proposals(cid, decided.selected()),
                    rationale)
                    : says(decided, actor(who), proposals(cid, decided.selected()), rationale);
            return moved(cid, summary, from, Phase.DECIDED);
        }
        return other(event, actor(who));
    }

    /**
     * The phase the consultation's earlier events left it in; {@code otherwise} where the trail does not know it,
     * for entries of a trail kept before the audit remembered phases: the phase the event usually comes from.
     */
    private Phase phaseBefore(String consultationId, Phase otherwise) {
        return labels.find(Kind.PHASE, consultationId).map(Phase::valueOf).orElse(otherwise);
    }

    /** A change of phase, remembered for the next; a phase that stays (a second break of silence) shows none. */
    private Narration moved(String consultationId, Phrase summary, Phase from, Phase to) {
        labels.put(Kind.PHASE, consultationId, to.name());
        return from == to ? new Narration(summary, null, null)
                : new Narration(summary, state("phase", from), state("phase", to));
    }

    /** What the consultation declared at its creation (CONTRACT §8), in the words of each; none for older events. */
    private static List<Object> declarations(ConsultationCreated created) {
        List<Object> declared = new ArrayList<>();
        declared(declared, "procedure", created.procedure());
        declared(declared, "fallback", created.fallback());
        declared(declared, "majority", created.majority());
        declared(declared, "tieBreak", created.tieBreak());
        return declared;
    }

    private static void declared(List<Object> declared, String what, Enum<?> value) {
        if (value != null) {
            declared.add(Phrase.of(SAYS + "declared." + what + "." + value.name()));
        }
    }

    private static Object[] append(Object[] parts, Object last) {
        Object[] all = Arrays.copyOf(parts, parts.length + 1);
        all[parts.length] = last;
        return all;
    }

    // --- proposals -------------------------------------------------------------------------------------------

    private Narration proposal(ProposalEvent event, Who who) {
        String key = AuditLabels.key(event.consultationId(), event.proposalId());
        if (event instanceof ProposalSubmitted submitted) {
            Object proposer = Proposer.ADMINISTRATION.equals(submitted.proposer())
                    ? Phrase.of(SAYS + "administration") : memberStateName(submitted.proposer());
            labels.put(Kind.PROPOSAL_TITLE, key, submitted.title());
            labels.put(Kind.PROPOSAL_SUMMARY, key, submitted.summary());
            return new Narration(says(submitted, proposer, quoted(submitted.title())), null,
                    proposalText(submitted.title(), submitted.summary()));
        }
        if (event instanceof ProposalAmended amended) {
            String oldTitle = labels.get(Kind.PROPOSAL_TITLE, key, null);
            String oldSummary = labels.get(Kind.PROPOSAL_SUMMARY, key, null);
            Phrase summary = oldTitle != null && !oldTitle.equals(amended.title())
                    ? Phrase.of(SAYS + "ProposalAmended.retitled", actor(who), quoted(oldTitle), amended.version(),
                    quoted(amended.title()))
                    : says(amended, actor(who), quoted(oldTitle == null ? amended.title() : oldTitle),
                    amended.version());
            labels.put(Kind.PROPOSAL_TITLE, key, amended.title());
            labels.put(Kind.PROPOSAL_SUMMARY, key, amended.summary());
            return new Narration(summary, oldTitle == null ? null : proposalText(oldTitle, oldSummary),
                    proposalText(amended.title(), amended.summary()));
        }
        if (event instanceof ProposalWithdrawn withdrawn) {
            return new Narration(says(withdrawn, actor(who),
                    quoted(proposalTitle(event.consultationId(), event.proposalId())), reason(withdrawn.reason())),
                    state("proposalStatus", ProposalStatus.ACTIVE), state("proposalStatus", ProposalStatus.WITHDRAWN));
        }
        return other(event, actor(who));
    }

    // --- comments --------------------------------------------------------------------------------------------

    private Narration comment(CommentEvent event, Who who) {
        String key = AuditLabels.key(event.consultationId(), event.commentId());
        Phrase proposal = quoted(proposalTitle(event.consultationId(), event.proposalId()));
        String text = labels.get(Kind.COMMENT_TEXT, key, null);
        if (event instanceof CommentAdded added) {
            labels.put(Kind.COMMENT_TEXT, key, added.text());
            labels.put(Kind.COMMENT_AUTHOR, key, added.author());
            Phrase summary = added.inReplyTo() == null ? says(added, actor(who), proposal)
                    : Phrase.of(SAYS + "CommentAdded.reply", actor(who), proposal,
                    author(AuditLabels.key(event.consultationId(), added.inReplyTo())));
            return new Narration(summary, null, added.text());
        }
        if (event instanceof CommentEdited edited) {
            labels.put(Kind.COMMENT_TEXT, key, edited.text());
            return new Narration(says(edited, actor(who), proposal), text, edited.text());
        }
        if (event instanceof CommentRetracted retracted) {
            return new Narration(says(retracted, actor(who), proposal), text, null);
        }
        if (event instanceof CommentHidden hidden) {
            return new Narration(says(hidden, actor(who), proposal, author(key), reason(hidden.reason())), text, null);
        }
        return other(event, actor(who));
    }

    /** The author of a comment as the trail saw it added: a user name, or "someone". */
    private Object author(String commentKey) {
        return labels.find(Kind.COMMENT_AUTHOR, commentKey).<Object>map(name -> name)
                .orElse(Phrase.of(SAYS + "someone"));
    }

    // --- ballots ---------------------------------------------------------------------------------------------

    /**
     * A ballot is its member state's act, whoever of its delegates cast it: the state is the subject. Whether it
     * carries an explanation of vote is said, never the explanation itself: the entry's words never change, and the
     * explanation is published with the recorded vote, not before (CONTRACT §8 rule 9).
     */
    private Narration ballot(BallotEvent event) {
        String cid = event.consultationId();
        String key = AuditLabels.key(cid, event.memberState());
        Object state = memberStateName(event.memberState());
        String previous = labels.get(Kind.BALLOT, key, null);
        boolean explainedBefore = labels.find(Kind.BALLOT_EXPLAINED, key).map(Boolean::parseBoolean).orElse(false);
        boolean explained = event.explanation() != null;
        labels.put(Kind.BALLOT, key, event.abstain() ? ABSTAINED_MARKER : Rows.joinIds(event.choices()));
        labels.put(Kind.BALLOT_EXPLAINED, key, Boolean.toString(explained));
        Object after = ballot(cid, event.abstain(), event.choices(), "abstention");
        if (event instanceof BallotCast cast) {
            return new Narration(withExplanation(event.abstain() ? Phrase.of(SAYS + "BallotCast.abstained", state)
                    : says(cast, state, after), explained), null, after);
        }
        if (event instanceof BallotChanged changed) {
            Object to = ballot(cid, event.abstain(), event.choices(), "anAbstention");
            if (previous == null) {
                return new Narration(withExplanation(Phrase.of(SAYS + "BallotChanged.first", state, null, to),
                        explained), null, after);
            }
            boolean abstained = ABSTAINED_MARKER.equals(previous);
            List<String> choices = abstained ? List.of() : Rows.splitIds(previous);
            Object before = ballot(cid, abstained, choices, "abstention");
            boolean sameChoices = abstained == event.abstain()
                    && Set.copyOf(choices).equals(Set.copyOf(event.choices()));
            if (sameChoices && (explainedBefore || explained)) {
                String explanation = !explainedBefore ? "given" : explained ? "changed" : "withdrawn";
                return new Narration(Phrase.of(SAYS + "BallotChanged.explanation." + explanation, state), before,
                        after);
            }
            return new Narration(withExplanation(says(changed, state, ballot(cid, abstained, choices,
                    "anAbstention"), to), explained), before, after);
        }
        return other(event, state);
    }

    private static Phrase withExplanation(Phrase ballot, boolean explained) {
        return explained ? Phrase.of(SAYS + "explained", ballot) : ballot;
    }

    /** A ballot's choices, or an abstention in the words {@code abstention} names. */
    private Object ballot(String cid, boolean abstain, List<String> choices, String abstention) {
        return abstain ? Phrase.of(SAYS + abstention) : proposals(cid, choices);
    }

    // --- member states ---------------------------------------------------------------------------------------

    private Narration membership(MembershipEvent event, Who who) {
        if (event instanceof MemberStateRegistered registered) {
            labels.put(Kind.MEMBER_STATE, registered.code(), registered.name());
            return new Narration(says(registered, actor(who), registered.name(), registered.code()), null,
                    state("votingRights", VotingRights.ACTIVE));
        }
        Object state = memberStateName(event.code());
        if (event instanceof VotingRightsSuspended suspended) {
            return new Narration(says(suspended, actor(who), state, reason(suspended.reason())),
                    state("votingRights", VotingRights.ACTIVE), state("votingRights", VotingRights.SUSPENDED));
        }
        if (event instanceof VotingRightsReinstated reinstated) {
            return new Narration(says(reinstated, actor(who), state),
                    state("votingRights", VotingRights.SUSPENDED), state("votingRights", VotingRights.ACTIVE));
        }
        if (event instanceof DelegateAccredited accredited) {
            return new Narration(says(accredited, actor(who), accredited.user(), state,
                    capacity(accredited.capacity())), null, state("capacity", accredited.capacity()));
        }
        if (event instanceof AccreditationWithdrawn withdrawn) {
            return new Narration(says(withdrawn, actor(who), withdrawn.user(), state, capacity(withdrawn.capacity()),
                    reason(withdrawn.reason())), state("capacity", withdrawn.capacity()), null);
        }
        return other(event, actor(who));
    }

    // --- words -----------------------------------------------------------------------------------------------

    /** What the event says, by its type: {@code audit.narration.<type>}. */
    private static Phrase says(Object event, Object... args) {
        return Phrase.of(SAYS + AuditHash.typeOf(event), args);
    }

    private static Narration other(Object event, Object subject) {
        return new Narration(Phrase.of(SAYS + "other", subject, AuditHash.typeOf(event)), null, null);
    }

    private Phrase actor(Who who) {
        return actor(who.username(), who.role(), who.memberState(),
                who.memberState() == null ? null : labels.get(Kind.MEMBER_STATE, who.memberState(), who.memberState()));
    }

    /** A state's name, its code if it has none yet, or "an unnamed member state". */
    private Object memberStateName(String code) {
        return code == null ? Phrase.of(SAYS + "unnamedState") : labels.get(Kind.MEMBER_STATE, code, code);
    }

    private String consultationTitle(String consultationId) {
        return labels.get(Kind.CONSULTATION, consultationId, consultationId);
    }

    private String proposalTitle(String consultationId, String proposalId) {
        return labels.get(Kind.PROPOSAL_TITLE, AuditLabels.key(consultationId, proposalId), proposalId);
    }

    /** The proposals by their titles at this moment: a list ('A', 'B' and 'C'), or "no proposal". */
    private Object proposals(String consultationId, List<String> proposalIds) {
        if (proposalIds == null || proposalIds.isEmpty()) {
            return Phrase.of(SAYS + "noProposal");
        }
        return proposalIds.stream().<Object>map(pid -> quoted(proposalTitle(consultationId, pid))).toList();
    }

    private static Phrase proposalText(String title, String summary) {
        return Phrase.of(SAYS + "proposalText", title, summary == null ? "" : summary);
    }

    /** The schedule's instants in UTC, in the order they act: "comments close at …, voting opens at … and …". */
    private static Object instants(Schedule schedule) {
        List<Object> instants = new ArrayList<>();
        instant(instants, "commentsCloseAt", schedule.commentsCloseAt());
        instant(instants, "votingOpensAt", schedule.votingOpensAt());
        instant(instants, "votingClosesAt", schedule.votingClosesAt());
        return instants.isEmpty() ? Phrase.of(SAYS + "schedule.none") : instants;
    }

    private static void instant(List<Object> instants, String field, Instant at) {
        if (at != null) {
            instants.add(Phrase.of(SAYS + "schedule." + field, at.toString()));
        }
    }

    /** A capacity within a sentence: "as head of delegation". */
    private static Phrase capacity(Capacity capacity) {
        return Phrase.of(SAYS + "capacity." + capacity.name());
    }

    private static Phrase quoted(String text) {
        return Phrase.of(SAYS + "quoted", text);
    }

    private static Phrase reason(String reason) {
        return reason == null || reason.isBlank() ? null : Phrase.of(SAYS + "reason", reason);
    }

    /** A phase, a proposal's status, voting rights or a capacity: the web UI's own words for them. */
    private static Phrase state(String kind, Enum<?> value) {
        return value == null ? null : Phrase.of(kind + "." + value.name());
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
