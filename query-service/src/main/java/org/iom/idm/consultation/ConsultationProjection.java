package org.iom.idm.consultation;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.actor.Actor;
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
import org.iom.idm.consultation.ConsultationQueries.CirculationView;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.Decision;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.idm.consultation.ConsultationQueries.ProposalSummary;
import org.iom.idm.consultation.ConsultationQueries.ScheduleView;
import org.iom.idm.consultation.ConsultationQueries.SilenceBreak;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.readmodel.ReadModels;
import org.iom.idm.readmodel.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Consultations with their proposals' summaries and the decision. */
@Component
@ProcessingGroup(ReadModels.PROCESSING_GROUP)
public class ConsultationProjection {

    private final JdbcClient db;

    public ConsultationProjection(JdbcClient db) {
        this.db = db;
    }

    @EventHandler
    void on(ConsultationCreated event, @Timestamp Instant at) {
        db.sql("""
                        insert into consultation_view (id, title, question, description, phase, select_count,
                            requested_quorum, quorum, parent_id, proposal_count, created_at, procedure, majority,
                            tie_break, fallback, round)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 1)""")
                .params(event.consultationId(), event.title(), event.question(), event.description(),
                        Phase.OPEN.name(), event.selectCount(), event.quorum(), event.quorum(), event.parentId(),
                        Rows.utc(at), event.declaredProcedure().name(), event.declaredMajority().name(),
                        event.declaredTieBreak().name(),
                        event.fallback() == null ? null : event.fallback().name())
                .update();
    }

    @EventHandler
    void on(ConsultationScheduled event) {
        Schedule schedule = event.schedule();
        db.sql("""
                        update consultation_view set comments_close_at = ?, voting_opens_at = ?, voting_closes_at = ?
                        where id = ?""")
                .params(Rows.utc(schedule.commentsCloseAt()), Rows.utc(schedule.votingOpensAt()),
                        Rows.utc(schedule.votingClosesAt()), event.consultationId())
                .update();
    }

    @EventHandler
    void on(CommentsClosed event) {
        db.sql("update consultation_view set comments_closed = true where id = ?")
                .param(event.consultationId())
                .update();
    }

    @EventHandler
    void on(ConsultationCancelled event) {
        db.sql("update consultation_view set phase = ?, cancellation_reason = ? where id = ?")
                .params(Phase.CANCELLED.name(), event.reason(), event.consultationId())
                .update();
    }

    @EventHandler
    void on(DraftCirculated event, @Timestamp Instant at) {
        db.sql("""
                        insert into consultation_circulation (consultation_id, circulation, selected, text, deadline,
                            circulated_at) values (?, ?, ?, ?, ?, ?)""")
                .params(event.consultationId(), event.circulation(), Rows.joinIds(event.selected()), event.text(),
                        Rows.utc(event.deadline()), Rows.utc(at))
                .update();
        setPhase(event.consultationId(), Phase.CIRCULATED);
    }

    @EventHandler
    void on(SilenceBroken event, @Timestamp Instant at) {
        db.sql("""
                        insert into silence_break (consultation_id, circulation, member_state, reason, broken_at)
                        values (?, ?, ?, ?, ?)""")
                .params(event.consultationId(), event.circulation(), event.memberState(), event.reason(),
                        Rows.utc(at))
                .update();
        setPhase(event.consultationId(), Phase.SILENCE_BROKEN);
    }

    @EventHandler
    void on(VotingOpened event) {
        db.sql("update consultation_view set phase = ?, quorum = ?, eligible = ? where id = ?")
                .params(Phase.VOTING.name(), event.quorum(), event.eligible(), event.consultationId())
                .update();
    }

    @EventHandler
    void on(RunoffOpened event) {
        // The closing instant was the first round's; the runoff's is set anew, if at all.
        db.sql("""
                        update consultation_view set phase = ?, round = ?, quorum = ?, eligible = ?,
                            voting_closes_at = null where id = ?""")
                .params(Phase.VOTING.name(), event.round(), event.quorum(), event.eligible(), event.consultationId())
                .update();
    }

    @EventHandler
    void on(VotingClosed event) {
        setPhase(event.consultationId(), Phase.CLOSED);
    }

    @EventHandler
    void on(DecisionRecorded event, @MetaDataValue(Actor.USERNAME) String decidedBy,
            @Timestamp Instant at) {
        db.sql("""
                        update consultation_view set phase = ?, decision_selected = ?, decision_rationale = ?,
                            decided_by = ?, decided_at = ? where id = ?""")
                .params(Phase.DECIDED.name(), Rows.joinIds(event.selected()), event.rationale(), decidedBy,
                        Rows.utc(at), event.consultationId())
                .update();
    }

    @EventHandler
    void on(ProposalSubmitted event) {
        db.sql("""
                        insert into consultation_proposal (consultation_id, id, ordinal, title, summary, proposer,
                            status, version, comment_count)
                        values (?, ?, (select count(*) from consultation_proposal where consultation_id = ?),
                            ?, ?, ?, ?, 1, 0)""")
                .params(event.consultationId(), event.proposalId(), event.consultationId(), event.title(),
                        event.summary(), event.proposer(), ProposalStatus.ACTIVE.name())
                .update();
        db.sql("update consultation_view set proposal_count = proposal_count + 1 where id = ?")
                .param(event.consultationId())
                .update();
    }

    @EventHandler
    void on(ProposalAmended event) {
        db.sql("update consultation_proposal set title = ?, summary = ?, version = ? where consultation_id = ? and id = ?")
                .params(event.title(), event.summary(), event.version(), event.consultationId(), event.proposalId())
                .update();
    }

    @EventHandler
    void on(ProposalWithdrawn event) {
        db.sql("""
                        update consultation_proposal set status = ?, withdrawal_reason = ?
                        where consultation_id = ? and id = ?""")
                .params(ProposalStatus.WITHDRAWN.name(), event.reason(), event.consultationId(), event.proposalId())
                .update();
    }

    @EventHandler
    void on(CommentAdded event) {
        db.sql("update consultation_proposal set comment_count = comment_count + 1 where consultation_id = ? and id = ?")
                .params(event.consultationId(), event.proposalId())
                .update();
    }

    @ResetHandler
    void reset() {
        db.sql("delete from silence_break").update();
        db.sql("delete from consultation_circulation").update();
        db.sql("delete from consultation_proposal").update();
        db.sql("delete from consultation_view").update();
    }

    @QueryHandler
    List<ConsultationSummary> handle(FindConsultations query) {
        return db.sql("select id, title, phase, proposal_count, parent_id from consultation_view order by created_at, id")
                .query((rs, row) -> new ConsultationSummary(rs.getString("id"), rs.getString("title"),
                        Phase.valueOf(rs.getString("phase")), rs.getInt("proposal_count"), rs.getString("parent_id")))
                .list();
    }

    @QueryHandler
    Optional<ConsultationDetail> handle(FindConsultation query) {
        List<ProposalSummary> proposals = db.sql("""
                        select id, title, summary, proposer, status, version, comment_count, withdrawal_reason
                        from consultation_proposal where consultation_id = ? order by ordinal""")
                .param(query.consultationId())
                .query((rs, row) -> new ProposalSummary(rs.getString("id"), rs.getString("title"),
                        rs.getString("summary"), rs.getString("proposer"),
                        ProposalStatus.valueOf(rs.getString("status")), rs.getInt("version"),
                        rs.getInt("comment_count"), rs.getString("withdrawal_reason")))
                .list();
        List<CirculationView> circulations = circulations(query.consultationId());
        CirculationView latest = circulations.isEmpty() ? null : circulations.get(circulations.size() - 1);
        List<CirculationView> earlier = circulations.isEmpty() ? List.of()
                : List.copyOf(circulations.subList(0, circulations.size() - 1));
        return db.sql("select * from consultation_view where id = ?")
                .param(query.consultationId())
                .query((rs, row) -> {
                    Instant decidedAt = Rows.instant(rs, "decided_at");
                    Decision decision = decidedAt == null ? null : new Decision(
                            Rows.splitIds(rs.getString("decision_selected")), rs.getString("decision_rationale"),
                            rs.getString("decided_by"), decidedAt);
                    return new ConsultationDetail(rs.getString("id"), rs.getString("title"),
                            rs.getString("question"), rs.getString("description"),
                            Phase.valueOf(rs.getString("phase")), rs.getInt("select_count"),
                            Rows.nullableInt(rs, "quorum"), rs.getString("parent_id"), proposals,
                            decision, rs.getString("cancellation_reason"),
                            new ScheduleView(Rows.instant(rs, "comments_close_at"),
                            Rows.instant(rs, "voting_opens_at"), Rows.instant(rs, "voting_closes_at"),
                            rs.getBoolean("comments_closed")),
                            Procedure.valueOf(rs.getString("procedure")),
                            MajorityRule.valueOf(rs.getString("majority")),
                            TieBreak.valueOf(rs.getString("tie_break")),
                            rs.getString("fallback") == null ? null : Procedure.valueOf(rs.getString("fallback")),
                            rs.getInt("round"), latest, earlier);
                })
                .optional();
    }

    /** The consultation's drafts, oldest first, each with its breaks in the order they came. */
    private List<CirculationView> circulations(String consultationId) {
        Map<Integer, List<SilenceBreak>> breaks = db.sql("""
                        select circulation, member_state, reason, broken_at from silence_break
                        where consultation_id = ? order by broken_at, member_state""")
                .param(consultationId)
                .query((rs, row) -> Map.entry(rs.getInt("circulation"), new SilenceBreak(rs.getString("member_state"),
                        rs.getString("reason"), Rows.instant(rs, "broken_at"))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return db.sql("""
                        select circulation, selected, text, deadline, circulated_at from consultation_circulation
                        where consultation_id = ? order by circulation""")
                .param(consultationId)
                .query((rs, row) -> new CirculationView(rs.getInt("circulation"),
                        Rows.splitIds(rs.getString("selected")), rs.getString("text"),
                        Rows.instant(rs, "deadline"), Rows.instant(rs, "circulated_at"),
                        List.copyOf(breaks.getOrDefault(rs.getInt("circulation"), List.of()))))
                .list();
    }

    private void setPhase(String consultationId, Phase phase) {
        db.sql("update consultation_view set phase = ? where id = ?").params(phase.name(), consultationId).update();
    }
}
