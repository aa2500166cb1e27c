package org.iom.idm.ui;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallot;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.ProposalVotes;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.ballot.BallotSecrecy;
import org.iom.idm.consultation.ConsultationQueries.CirculationView;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.idm.consultation.ConsultationQueries.ProposalSummary;
import org.iom.idm.consultation.Phase;
import org.iom.idm.consultation.Procedure;
import org.iom.kit.security.IdmUser;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.proposal.ProposalQueries.Comment;
import org.iom.idm.proposal.ProposalQueries.FindProposal;
import org.iom.idm.proposal.ProposalQueries.ProposalDetail;
import org.iom.idm.proposal.ProposalQueries.Version;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.web.Queries;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The pages everyone reads: consultations, a consultation, a proposal with its thread. */
@WebUiPage
class ConsultationPages {

    private static final Set<Phase> COUNTED = Set.of(Phase.VOTING, Phase.CLOSED, Phase.DECIDED);
    /** Rule 8: the chair circulates the first draft once proposals are in, a revised one after a break. */
    private static final Set<Phase> CIRCULABLE = Set.of(Phase.OPEN, Phase.SILENCE_BROKEN);
    /** Rule 8: a draft circulates, and states may break silence on it until its deadline. */
    private static final Set<Phase> IN_CIRCULATION = Set.of(Phase.CIRCULATED, Phase.SILENCE_BROKEN);

    private final Queries queries;
    private final WebUiPages pages;

    ConsultationPages(Queries queries, WebUiPages pages) {
        this.queries = queries;
        this.pages = pages;
    }

    @GetMapping("/")
    String home() {
        return "redirect:" + WebUiSecurityConfiguration.HOME;
    }

    @GetMapping("/consultations")
    String consultations(@RequestParam(required = false) String parent, Model model) {
        List<ConsultationSummary> all = queries.list(new FindConsultations(), ConsultationSummary.class);
        model.addAttribute("consultations", all);
        model.addAttribute("consultationTitles", all.stream()
                .collect(Collectors.toMap(ConsultationSummary::id, ConsultationSummary::title, (a, b) -> a)));
        model.addAttribute("decided", all.stream().filter(c -> c.phase() == Phase.DECIDED).toList());
        model.addAttribute("parent", parent);
        return "consultations";
    }

    @GetMapping("/consultations/{cid}")
    String consultation(@PathVariable String cid, @AuthenticationPrincipal IdmUser me, Model model) {
        ConsultationDetail consultation = consultationOf(cid);
        Phase phase = consultation.phase();
        Role role = me.role();
        List<ConsultationSummary> all = queries.list(new FindConsultations(), ConsultationSummary.class);
        model.addAttribute("consultation", consultation);
        model.addAttribute("parent", all.stream().filter(c -> c.id().equals(consultation.parentId())).findFirst()
                .orElse(null));
        model.addAttribute("followUps", all.stream().filter(c -> cid.equals(c.parentId())).toList());
        model.addAttribute("active", active(consultation));
        model.addAttribute("candidates", candidates(consultation));
        model.addAttribute("titles", titles(consultation));
        model.addAttribute("states", pages.stateNames());
        model.addAttribute("canPropose", phase == Phase.OPEN && (speaksForState(me) || role == Role.SECRETARIAT));
        model.addAttribute("canCancel", role == Role.SECRETARIAT && phase.isCancellable());
        boolean silence = consultation.procedure() == Procedure.SILENCE;
        // a silence procedure opens voting only as its declared fallback, once silence is broken (rule 8)
        model.addAttribute("canOpenVoting", role == Role.CHAIR && (silence
                ? phase == Phase.SILENCE_BROKEN && consultation.fallback() == Procedure.RECORDED_VOTE
                : phase == Phase.OPEN));
        model.addAttribute("canCloseVoting", role == Role.CHAIR && phase == Phase.VOTING);
        MemberStateView suspension = role == Role.DELEGATE && me.memberState() != null && phase.acceptsComments()
                ? pages.suspension(me.memberState()) : null;
        model.addAttribute("suspension", suspension);
        model.addAttribute("canVote", speaksForState(me) && phase == Phase.VOTING && suspension == null);
        boolean decidedBySilence = silenceProcedure(consultation, me, suspension, model);
        model.addAttribute("canSeeTally", COUNTED.contains(phase) && BallotSecrecy.maySee(phase, role)
                && !decidedBySilence);
        model.addAttribute("canFollowUp", role == Role.SECRETARIAT && phase == Phase.DECIDED);
        Ballot myBallot = me.memberState() == null ? null
                : queries.gateway().query(new FindBallot(cid, me.memberState()),
                        ResponseTypes.optionalInstanceOf(Ballot.class)).join().orElse(null);
        model.addAttribute("myBallot", myBallot);
        model.addAttribute("myChoices", myBallot == null ? "" : myBallot.choices().stream()
                .map(pid -> titles(consultation).getOrDefault(pid, pid)).collect(Collectors.joining(", ")));
        return "consultation";
    }

    @GetMapping("/consultations/{cid}/proposals/{pid}")
    String proposal(@PathVariable String cid, @PathVariable String pid, @RequestParam(required = false) Integer from,
                    @RequestParam(required = false) Integer to, @AuthenticationPrincipal IdmUser me, Model model) {
        ConsultationDetail consultation = consultationOf(cid);
        ProposalDetail proposal = queries.one(new FindProposal(cid, pid), ProposalDetail.class,
                "no proposal '" + pid + "' in consultation '" + cid + "'").visibleTo(me.role() == Role.SECRETARIAT);
        boolean open = consultation.phase() == Phase.OPEN && proposal.status() == ProposalStatus.ACTIVE;
        model.addAttribute("consultation", consultation);
        model.addAttribute("proposal", proposal);
        model.addAttribute("states", pages.stateNames());
        model.addAttribute("thread", thread(proposal.comments()));
        model.addAttribute("versions", proposal.versions().stream()
                .sorted(Comparator.comparingInt(Version::version).reversed()).toList());
        model.addAttribute("difference", difference(proposal.versions(), from, to));
        model.addAttribute("canAmend", open && proposes(me, proposal.proposer()));
        model.addAttribute("canComment", mayComment(me) && consultation.phase().acceptsComments()
                && !consultation.schedule().commentsClosed() && proposal.status() == ProposalStatus.ACTIVE);
        model.addAttribute("canHide", me.role() == Role.SECRETARIAT);
        return "proposal";
    }

    /**
     * Rule 8: who may circulate a draft or break silence on the one circulating, now. Answers whether the latest
     * draft, unbroken at its deadline, became the decision: then no vote was held and there is no tally to show.
     */
    private static boolean silenceProcedure(ConsultationDetail consultation, IdmUser me, MemberStateView suspension,
                                            Model model) {
        Phase phase = consultation.phase();
        CirculationView draft = consultation.circulation();
        model.addAttribute("canCirculate", me.role() == Role.CHAIR && consultation.procedure() == Procedure.SILENCE
                && CIRCULABLE.contains(phase) && active(consultation).size() >= consultation.selectCount());
        boolean circulating = draft != null && IN_CIRCULATION.contains(phase);
        boolean brokeSilence = circulating && me.memberState() != null && draft.breaks().stream()
                .anyMatch(silenceBreak -> silenceBreak.memberState().equals(me.memberState()));
        model.addAttribute("circulating", circulating);
        model.addAttribute("brokeSilence", brokeSilence);
        model.addAttribute("canBreakSilence", speaksForState(me) && circulating
                && Instant.now().isBefore(draft.deadline()) && !brokeSilence && suspension == null);
        boolean decidedBySilence = consultation.draftDecided() != null;
        model.addAttribute("decidedBySilence", decidedBySilence);
        return decidedBySilence;
    }

    /** Two versions compared: those asked for, else the newest with the one before it; none for a single version. */
    private static VersionDifference difference(List<Version> versions, Integer from, Integer to) {
        if (versions.size() < 2) {
            return null;
        }
        Map<Integer, Version> byNumber = versions.stream().collect(Collectors.toMap(Version::version, v -> v));
        int newest = versions.stream().mapToInt(Version::version).max().orElseThrow();
        Version later = byNumber.getOrDefault(to, byNumber.get(newest));
        Version earlier = byNumber.getOrDefault(from, byNumber.getOrDefault(later.version() - 1, byNumber.get(1)));
        return VersionDifference.between(earlier, later);
    }

    private ConsultationDetail consultationOf(String cid) {
        return queries.one(new FindConsultation(cid), ConsultationDetail.class, "no consultation '" + cid + "'");
    }

    private static List<ProposalSummary> active(ConsultationDetail consultation) {
        return consultation.proposals().stream().filter(p -> p.status() == ProposalStatus.ACTIVE).toList();
    }

    /** What a ballot of the current round may choose: the active proposals, in a runoff its candidates only. */
    private List<ProposalSummary> candidates(ConsultationDetail consultation) {
        if (consultation.round() == 1) {
            return active(consultation);
        }
        // the tally's proposals only, none of its counts
        Set<String> inRound = queries.one(new FindTally(consultation.id()), Tally.class, "no tally of '"
                        + consultation.id() + "'").results().stream().map(ProposalVotes::proposalId)
                .collect(Collectors.toSet());
        return active(consultation).stream().filter(p -> inRound.contains(p.id())).toList();
    }

    private static Map<String, String> titles(ConsultationDetail consultation) {
        return consultation.proposals().stream()
                .collect(Collectors.toMap(ProposalSummary::id, ProposalSummary::title, (a, b) -> a));
    }

    private static boolean proposes(IdmUser me, String proposer) {
        return me.role() == Role.SECRETARIAT ? Proposer.ADMINISTRATION.equals(proposer)
                : speaksForState(me) && me.memberState().equals(proposer);
    }

    /** CONTRACT §9: a head of delegation or an alternate proposes, votes and breaks silence for its state. */
    private static boolean speaksForState(IdmUser me) {
        return me.role() == Role.DELEGATE && me.memberState() != null && me.capacity() != null
                && me.capacity().speaksForState();
    }

    /** CONTRACT §9: a delegate comments only while it holds an accreditation; staff always. */
    private static boolean mayComment(IdmUser me) {
        return me.role() != Role.DELEGATE || me.memberState() != null;
    }

    private static List<CommentThread> thread(List<Comment> comments) {
        Map<String, List<Comment>> repliesTo = comments.stream().filter(c -> c.inReplyTo() != null)
                .collect(Collectors.groupingBy(Comment::inReplyTo));
        Set<String> known = comments.stream().map(Comment::id).collect(Collectors.toSet());
        return comments.stream()
                .filter(c -> c.inReplyTo() == null || !known.contains(c.inReplyTo()))
                .sorted(Comparator.comparing(Comment::createdAt))
                .map(c -> threadOf(c, repliesTo))
                .toList();
    }

    private static CommentThread threadOf(Comment comment, Map<String, List<Comment>> repliesTo) {
        List<CommentThread> replies = new ArrayList<>();
        Optional.ofNullable(repliesTo.get(comment.id())).orElse(List.of()).stream()
                .sorted(Comparator.comparing(Comment::createdAt))
                .forEach(reply -> replies.add(threadOf(reply, repliesTo)));
        return new CommentThread(comment, replies);
    }
}
