package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.ballot.BallotSecrecy;
import org.iom.idm.ballot.Outcome;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.consultation.ConsultationQueries.ProposalSummary;
import org.iom.idm.consultation.Phase;
import org.iom.idm.consultation.TieBreak;
import org.iom.kit.security.IdmUser;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.web.Queries;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

import java.math.RoundingMode;
import java.text.Collator;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The tally of a consultation: live for the chair and the secretariat while voting runs, final for everyone once
 * voting has closed. Whoever may not see the count (CONTRACT §4, §7) gets a page that says why, with no count, no
 * choice and no tally stream in it. With {@code round}, an earlier round of voting, over and readable (rule 10).
 */
@WebUiPage
class TallyPage {

    private static final Set<Phase> COUNTED = Set.of(Phase.VOTING, Phase.CLOSED, Phase.DECIDED);
    /** Who follows which member states have not voted yet. */
    private static final Set<Role> FOLLOW_TURNOUT = Set.of(Role.CHAIR, Role.SECRETARIAT);

    private final Queries queries;
    private final JsonMapper json;

    TallyPage(Queries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @GetMapping("/consultations/{cid}/tally")
    String tally(@PathVariable String cid, @RequestParam(required = false) Integer round,
                 @AuthenticationPrincipal IdmUser me, Locale locale, Model model) {
        String notFound = "no consultation '" + cid + "'";
        ConsultationDetail consultation = queries.one(new FindConsultation(cid), ConsultationDetail.class, notFound);
        Tally tally = queries.one(new FindTally(cid, round), Tally.class,
                "no round " + round + " in consultation '" + cid + "'");
        Phase phase = tally.phase();
        boolean current = tally.round() == consultation.round();
        model.addAttribute("consultation", consultation);
        model.addAttribute("phase", phase);
        model.addAttribute("rounds", IntStream.rangeClosed(1, consultation.round()).boxed().toList());
        if (!COUNTED.contains(phase) || !BallotSecrecy.maySee(phase, me.role())) {
            model.addAttribute("ballotLink", phase == Phase.VOTING && me.role() == Role.DELEGATE
                    && me.memberState() != null);
            return "tally-sealed";
        }
        Map<String, String> titles = consultation.proposals().stream()
                .collect(Collectors.toMap(ProposalSummary::id, ProposalSummary::title, (a, b) -> a));
        List<String> selected = phase == Phase.DECIDED && consultation.decision() != null
                ? consultation.decision().selected() : List.of();
        List<Ballot> ballots = queries.list(new FindBallots(cid, tally.round()), Ballot.class);
        List<MemberStateView> memberStates = queries.list(new FindMemberStates(), MemberStateView.class);
        Map<String, String> states = WebUiPages.namesOf(memberStates);
        model.addAttribute("tally", tally);
        model.addAttribute("tallyJson", json.writeValueAsString(tally));
        model.addAttribute("live", phase == Phase.VOTING);
        model.addAttribute("outcomeTitles", tally.outcome().adopted().stream()
                .map(pid -> titles.getOrDefault(pid, pid)).toList());
        model.addAttribute("tiedTitles", tally.outcome().tied().stream()
                .map(pid -> titles.getOrDefault(pid, pid)).toList());
        model.addAttribute("bars", bars(tally, selected, locale));
        model.addAttribute("standing", (phase == Phase.DECIDED ? selected : tally.leading()).stream()
                .map(pid -> titles.getOrDefault(pid, pid)).toList());
        model.addAttribute("states", states);
        model.addAttribute("ballots", ballots);
        model.addAttribute("ballotTitles", ballots.stream().collect(Collectors.toMap(Ballot::memberState,
                b -> b.choices().stream().map(pid -> titles.getOrDefault(pid, pid)).toList(), (a, b) -> a)));
        model.addAttribute("notVoted", FOLLOW_TURNOUT.contains(me.role()) ? notVoted(ballots, memberStates, locale) : null);
        model.addAttribute("canCloseVoting", me.role() == Role.CHAIR && phase == Phase.VOTING && current);
        boolean chairOnClosed = me.role() == Role.CHAIR && phase == Phase.CLOSED && current;
        // Under a declared runoff only a runoff settles a tie or a lack of majority, unless the quorum failed.
        boolean runoffDue = consultation.tieBreak() == TieBreak.RUNOFF
                && tally.outcome().status() != Outcome.Status.ADOPTED;
        boolean canDecide = chairOnClosed && (!runoffDue || !tally.quorumMet());
        model.addAttribute("canRunoff", chairOnClosed && runoffDue);
        model.addAttribute("canDecide", canDecide);
        if (canDecide) {
            model.addAttribute("active", consultation.proposals().stream()
                    .filter(p -> p.status() == ProposalStatus.ACTIVE).toList());
            RationaleRule rule = RationaleRule.of(tally);
            model.addAttribute("rationaleRule", rule);
            model.addAttribute("topJson", json.writeValueAsString(rule.top()));
        }
        return "tally";
    }

    /** One proposal in the chart, with its share of the ballots cast (abstentions included). */
    record Bar(String proposalId, String title, int votes, String share, boolean selected) {
    }

    private static List<Bar> bars(Tally tally, List<String> selected, Locale locale) {
        NumberFormat percent = NumberFormat.getPercentInstance(locale);
        // as the browser's Intl.NumberFormat rounds, so that the live updates read the same
        percent.setRoundingMode(RoundingMode.HALF_UP);
        int cast = tally.ballotsCast();
        return tally.results().stream().map(r -> new Bar(r.proposalId(), r.title(), r.votes(),
                percent.format(cast == 0 ? 0 : (double) r.votes() / cast), selected.contains(r.proposalId()))).toList();
    }

    /** The names of the member states with voting rights that have no ballot, in the page's alphabetical order. */
    private static List<String> notVoted(List<Ballot> ballots, List<MemberStateView> memberStates, Locale locale) {
        Set<String> voted = ballots.stream().map(Ballot::memberState).collect(Collectors.toSet());
        return memberStates.stream()
                .filter(state -> state.votingRights() == VotingRights.ACTIVE && !voted.contains(state.code()))
                .map(MemberStateView::name)
                .sorted(Collator.getInstance(locale))
                .toList();
    }

    /**
     * Why the chair's decision needs a rationale (CONTRACT §3 rule 6 under the declared rule, §8), as far as the
     * final tally alone decides it: {@code always} is {@code quorum}, {@code tie} or {@code majority} whatever the
     * selection; otherwise a selection other than {@code top}, the adopted, needs one. The form starts from
     * {@code top}.
     */
    record RationaleRule(String always, long tied, List<String> top) {

        static RationaleRule of(Tally tally) {
            Outcome outcome = tally.outcome();
            if (!tally.quorumMet()) {
                return new RationaleRule("quorum", 0, outcome.adopted());
            }
            return switch (outcome.status()) {
                case TIE -> new RationaleRule("tie", outcome.tied().size(), outcome.adopted());
                case NO_MAJORITY -> new RationaleRule("majority", 0, outcome.adopted());
                default -> new RationaleRule(null, 0, outcome.adopted());
            };
        }
    }
}
