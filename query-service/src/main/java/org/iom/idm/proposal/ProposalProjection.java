package org.iom.idm.proposal;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalQueries.Comment;
import org.iom.idm.proposal.ProposalQueries.CommentVersion;
import org.iom.idm.proposal.ProposalQueries.FindProposal;
import org.iom.idm.proposal.ProposalQueries.ProposalDetail;
import org.iom.idm.proposal.ProposalQueries.Version;
import org.iom.idm.readmodel.ReadModels;
import org.iom.idm.readmodel.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every version of each proposal and its comment thread. It shares the consultation projection's processing group,
 * so the proposal's current state comes from the consultation projection's table, updated in step.
 */
@Component
@ProcessingGroup(ReadModels.PROCESSING_GROUP)
public class ProposalProjection {

    private final JdbcClient db;

    public ProposalProjection(JdbcClient db) {
        this.db = db;
    }

    @EventHandler
    void on(ProposalSubmitted event, @Timestamp Instant at) {
        addVersion(event.consultationId(), event.proposalId(), 1, event.title(), event.summary(), at);
    }

    @EventHandler
    void on(ProposalAmended event, @Timestamp Instant at) {
        addVersion(event.consultationId(), event.proposalId(), event.version(), event.title(), event.summary(), at);
    }

    @EventHandler
    void on(CommentAdded event, @Timestamp Instant at) {
        db.sql("""
                        insert into proposal_comment (id, consultation_id, proposal_id, ordinal, author, member_state,
                            text, in_reply_to, status, edited, created_at)
                        values (?, ?, ?, (select count(*) from proposal_comment where consultation_id = ?
                            and proposal_id = ?), ?, ?, ?, ?, ?, false, ?)""")
                .params(event.commentId(), event.consultationId(), event.proposalId(), event.consultationId(),
                        event.proposalId(), event.author(), event.memberState(), event.text(), event.inReplyTo(),
                        CommentStatus.VISIBLE.name(), Rows.utc(at))
                .update();
    }

    /** The text being replaced joins the comment's history with the time it was written. */
    @EventHandler
    void on(CommentEdited event, @Timestamp Instant at) {
        db.sql("""
                        insert into proposal_comment_version (consultation_id, proposal_id, comment_id, version, text,
                            written_at)
                        select consultation_id, proposal_id, id, (select count(*) + 1 from proposal_comment_version v
                            where v.consultation_id = c.consultation_id and v.comment_id = c.id),
                            text, coalesce(edited_at, created_at)
                        from proposal_comment c where consultation_id = ? and id = ?""")
                .params(event.consultationId(), event.commentId())
                .update();
        db.sql("update proposal_comment set text = ?, edited = true, edited_at = ? where consultation_id = ? and id = ?")
                .params(event.text(), Rows.utc(at), event.consultationId(), event.commentId())
                .update();
    }

    @EventHandler
    void on(CommentRetracted event) {
        db.sql("update proposal_comment set status = ? where consultation_id = ? and id = ?")
                .params(CommentStatus.RETRACTED.name(), event.consultationId(), event.commentId())
                .update();
    }

    @EventHandler
    void on(CommentHidden event) {
        db.sql("update proposal_comment set status = ?, hidden_reason = ? where consultation_id = ? and id = ?")
                .params(CommentStatus.HIDDEN.name(), event.reason(), event.consultationId(), event.commentId())
                .update();
    }

    @ResetHandler
    void reset() {
        db.sql("delete from proposal_comment_version").update();
        db.sql("delete from proposal_comment").update();
        db.sql("delete from proposal_version").update();
    }

    @QueryHandler
    Optional<ProposalDetail> handle(FindProposal query) {
        List<Version> versions = db.sql("""
                        select version, title, summary, recorded_at from proposal_version
                        where consultation_id = ? and proposal_id = ? order by version""")
                .params(query.consultationId(), query.proposalId())
                .query((rs, row) -> new Version(rs.getInt("version"), rs.getString("title"), rs.getString("summary"),
                        Rows.instant(rs, "recorded_at")))
                .list();
        Map<String, List<CommentVersion>> histories = db.sql("""
                        select comment_id, version, text, written_at from proposal_comment_version
                        where consultation_id = ? and proposal_id = ? order by comment_id, version""")
                .params(query.consultationId(), query.proposalId())
                .query((rs, row) -> Map.entry(rs.getString("comment_id"), new CommentVersion(rs.getInt("version"),
                        rs.getString("text"), Rows.instant(rs, "written_at"))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        List<Comment> comments = db.sql("""
                        select * from proposal_comment where consultation_id = ? and proposal_id = ?
                        order by ordinal""")
                .params(query.consultationId(), query.proposalId())
                .query((rs, row) -> new Comment(rs.getString("id"), rs.getString("author"),
                        rs.getString("member_state"), rs.getString("text"), rs.getString("in_reply_to"),
                        CommentStatus.valueOf(rs.getString("status")), rs.getBoolean("edited"),
                        Rows.instant(rs, "created_at"), rs.getString("hidden_reason"), Rows.instant(rs, "edited_at"),
                        histories.getOrDefault(rs.getString("id"), List.of())))
                .list();
        return db.sql("""
                        select id, consultation_id, title, summary, proposer, status, version, comment_count,
                            withdrawal_reason
                        from consultation_proposal where consultation_id = ? and id = ?""")
                .params(query.consultationId(), query.proposalId())
                .query((rs, row) -> new ProposalDetail(rs.getString("id"), rs.getString("consultation_id"),
                        rs.getString("title"), rs.getString("summary"), rs.getString("proposer"),
                        ProposalStatus.valueOf(rs.getString("status")), rs.getInt("version"),
                        rs.getInt("comment_count"), rs.getString("withdrawal_reason"), versions, comments))
                .optional();
    }

    private void addVersion(String consultationId, String proposalId, int version, String title, String summary,
                            Instant at) {
        db.sql("""
                        insert into proposal_version (consultation_id, proposal_id, version, title, summary, recorded_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(consultationId, proposalId, version, title, summary, Rows.utc(at))
                .update();
    }
}
