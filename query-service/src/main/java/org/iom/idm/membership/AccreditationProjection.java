package org.iom.idm.membership;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.actor.Actor;
import org.iom.idm.membership.AccreditationQueries.Accreditation;
import org.iom.idm.membership.AccreditationQueries.FindAccreditationOf;
import org.iom.idm.membership.AccreditationQueries.FindAccreditations;
import org.iom.idm.membership.AccreditationQueries.FindRoster;
import org.iom.idm.membership.AccreditationQueries.FindWithdrawnAccreditations;
import org.iom.idm.membership.AccreditationQueries.RosterEntry;
import org.iom.idm.membership.AccreditationQueries.WithdrawnAccreditation;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.readmodel.ReadModels;
import org.iom.idm.readmodel.Rows;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The accreditation roster (CONTRACT §9): each state's current accreditations and those withdrawn. Accreditations
 * are events of the member state's stream, so they follow its registration in the same segment.
 */
@Component
@ProcessingGroup(ReadModels.PROCESSING_GROUP)
class AccreditationProjection {

    /** The head of delegation first (Capacity's order), then by seniority. */
    private static final Comparator<RosterEntry> ROSTER_ORDER = Comparator.comparing(RosterEntry::memberState)
            .thenComparing(RosterEntry::capacity).thenComparing(RosterEntry::since).thenComparing(RosterEntry::user);
    private static final String SELECT_CURRENT = "select member_state, username, capacity, since from accreditation";
    private static final RowMapper<RosterEntry> CURRENT = (rs, row) -> new RosterEntry(rs.getString("member_state"),
            rs.getString("username"), Capacity.valueOf(rs.getString("capacity")), Rows.instant(rs, "since"));
    private static final RowMapper<WithdrawnAccreditation> WITHDRAWN = (rs, row) -> new WithdrawnAccreditation(
            rs.getString("username"), Capacity.valueOf(rs.getString("capacity")), Rows.instant(rs, "since"),
            Rows.instant(rs, "withdrawn_at"), rs.getString("withdrawn_by"), rs.getString("reason"));

    private final JdbcClient db;

    AccreditationProjection(JdbcClient db) {
        this.db = db;
    }

    /** The event's own timestamp, not the time of projection, so that a replay writes the same date. */
    @EventHandler
    void on(DelegateAccredited event, @Timestamp Instant at) {
        db.sql("insert into accreditation (member_state, username, capacity, since) values (?, ?, ?, ?)")
                .params(event.code(), event.user(), event.capacity().name(), Rows.utc(at))
                .update();
    }

    @EventHandler
    void on(AccreditationWithdrawn event, @Timestamp Instant at, @SequenceNumber long sequence,
            @MetaDataValue(Actor.USERNAME) String by) {
        Instant since = db.sql("select since from accreditation where member_state = ? and username = ?")
                .params(event.code(), event.user())
                .query((rs, row) -> Rows.instant(rs, "since"))
                .single();
        db.sql("""
                        insert into accreditation_withdrawn (member_state, withdrawal, username, capacity, since,
                            withdrawn_at, withdrawn_by, reason)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(event.code(), sequence, event.user(), event.capacity().name(), Rows.utc(since), Rows.utc(at),
                        by, event.reason())
                .update();
        db.sql("delete from accreditation where member_state = ? and username = ?")
                .params(event.code(), event.user())
                .update();
    }

    @ResetHandler
    void reset() {
        db.sql("delete from accreditation").update();
        db.sql("delete from accreditation_withdrawn").update();
    }

    @QueryHandler
    List<Accreditation> handle(FindAccreditations query) {
        return db.sql(SELECT_CURRENT + " where member_state = ?").param(query.code()).query(CURRENT).list().stream()
                .sorted(ROSTER_ORDER)
                .map(entry -> new Accreditation(entry.user(), entry.capacity(), entry.since()))
                .toList();
    }

    @QueryHandler
    List<RosterEntry> handle(FindRoster query) {
        return db.sql(SELECT_CURRENT).query(CURRENT).list().stream().sorted(ROSTER_ORDER).toList();
    }

    /** The roster's rule gives a person one state at most; were it ever more, the earliest accreditation counts. */
    @QueryHandler
    Optional<RosterEntry> handle(FindAccreditationOf query) {
        return db.sql(SELECT_CURRENT + " where username = ? order by since").param(query.user()).query(CURRENT)
                .list().stream().findFirst();
    }

    @QueryHandler
    List<WithdrawnAccreditation> handle(FindWithdrawnAccreditations query) {
        return db.sql("""
                        select username, capacity, since, withdrawn_at, withdrawn_by, reason
                        from accreditation_withdrawn where member_state = ? order by withdrawal desc""")
                .param(query.code())
                .query(WITHDRAWN)
                .list();
    }
}
