package org.iom.idm.audit;

import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.idm.audit.AuditQueries.AuditFilter;
import org.iom.idm.audit.AuditQueries.AuditHead;
import org.iom.idm.audit.AuditQueries.CountAuditEntries;
import org.iom.idm.audit.AuditQueries.FindAuditEntries;
import org.iom.idm.audit.AuditQueries.FindAuditHead;
import org.iom.idm.audit.AuditQueries.Order;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.readmodel.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Answers the audit queries ({@link AuditQueries}) from the trail that {@link AuditProjection} writes. */
@Component
class AuditTrailQueries {

    private static final List<String> BALLOT_TYPES = Stream.of(BallotEvent.class.getPermittedSubclasses())
            .map(Class::getSimpleName).toList();
    private static final String ENTRY_COLUMNS = """
            event_position, recorded_at, event_type, aggregate_id, consultation_id, actor, actor_role, member_state,
            correlation_id, summary, before_state, after_state, hash, previous_hash, narration, canonical""";

    private final JdbcClient db;

    AuditTrailQueries(JdbcClient db) {
        this.db = db;
    }

    @QueryHandler
    List<AuditEntry> handle(FindAuditEntries query) {
        boolean newestFirst = query.order() == Order.DESC;
        boolean onlyBefore = query.before() != null && query.after() <= 0;
        boolean onlyAfter = query.after() > 0 && query.before() == null;
        // The page next to the one position given reads from that position on, then turns to the order asked for.
        boolean ascending = newestFirst ? onlyAfter : !onlyBefore;
        List<Object> params = new ArrayList<>();
        String where = where(query.filter(), query.after(), query.before(), params);
        params.add(query.limit());
        List<AuditEntry> entries = db.sql("select " + ENTRY_COLUMNS + " from audit_entry" + where
                        + " order by event_position" + (ascending ? "" : " desc") + " limit ?")
                .params(params)
                .query((rs, row) -> new AuditEntry(rs.getLong("event_position"), Rows.instant(rs, "recorded_at"),
                        rs.getString("event_type"), rs.getString("aggregate_id"), rs.getString("consultation_id"),
                        rs.getString("actor"), rs.getString("actor_role"), rs.getString("member_state"),
                        rs.getString("correlation_id"), rs.getString("summary"), rs.getString("before_state"),
                        rs.getString("after_state"), rs.getString("hash"), rs.getString("previous_hash"),
                        rs.getString("narration"), rs.getString("canonical")))
                .list();
        if (ascending == newestFirst) {
            List<AuditEntry> turned = new ArrayList<>(entries);
            Collections.reverse(turned);
            return turned;
        }
        return entries;
    }

    @QueryHandler
    Optional<AuditHead> handle(FindAuditHead query) {
        long before = query.sealed().isEmpty() ? Long.MAX_VALUE : db.sql("select min(event_position) from audit_entry "
                        + "where consultation_id in (:sealed) and event_type in (:ballots)")
                .param("sealed", query.sealed())
                .param("ballots", BALLOT_TYPES)
                .query(Long.class).optional().orElse(Long.MAX_VALUE);
        return db.sql("select event_position, hash, recorded_at, "
                        + "(select count(*) from audit_entry where event_position < :before) as entries "
                        + "from audit_entry where event_position < :before "
                        + "order by event_position desc fetch first 1 rows only")
                .param("before", before)
                .query((rs, row) -> new AuditHead(rs.getLong("event_position"), rs.getLong("entries"),
                        rs.getString("hash"), Rows.instant(rs, "recorded_at")))
                .optional();
    }

    @QueryHandler
    Long handle(CountAuditEntries query) {
        List<Object> params = new ArrayList<>();
        String where = where(query.filter(), query.after(), query.before(), params);
        return db.sql("select count(*) from audit_entry" + where).params(params).query(Long.class).single();
    }

    /** The filter's conditions and the range of positions, their values added to {@code params}. */
    private static String where(AuditFilter given, long after, Long before, List<Object> params) {
        AuditFilter filter = given == null ? AuditFilter.none() : given;
        StringBuilder sql = new StringBuilder(" where event_position > ?");
        params.add(after);
        if (before != null) {
            sql.append(" and event_position < ?");
            params.add(before);
        }
        if (filter.consultationId() != null) {
            sql.append(" and consultation_id = ?");
            params.add(filter.consultationId());
        }
        if (filter.memberState() != null) {
            sql.append(" and member_state = ?");
            params.add(filter.memberState());
        }
        if (filter.actor() != null) {
            // Part of the name in any case: the pattern's own wildcards in the name are taken literally.
            sql.append(" and lower(actor) like ? escape '\\'");
            params.add("%" + filter.actor().toLowerCase(Locale.ROOT).replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        if (filter.type() != null) {
            sql.append(" and event_type = ?");
            params.add(filter.type());
        }
        if (filter.from() != null) {
            sql.append(" and recorded_at >= ?");
            params.add(Rows.utc(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and recorded_at < ?");
            params.add(Rows.utc(filter.to()));
        }
        return sql.toString();
    }
}
