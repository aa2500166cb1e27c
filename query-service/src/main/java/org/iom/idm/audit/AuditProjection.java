package org.iom.idm.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.actor.Actor;
import org.iom.idm.audit.AuditNarrator.Narration;
import org.iom.idm.audit.AuditNarrator.Who;
import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.idm.audit.AuditQueries.AuditFilter;
import org.iom.idm.audit.AuditQueries.AuditHead;
import org.iom.idm.audit.AuditQueries.FindAuditHead;
import org.iom.idm.audit.AuditQueries.CountAuditEntries;
import org.iom.idm.audit.AuditQueries.FindAuditEntries;
import org.iom.idm.audit.AuditQueries.Order;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.proposal.CommentEvent;
import org.iom.idm.proposal.ProposalEvent;
import org.iom.idm.readmodel.BatchWriteFailedException;
import org.iom.idm.readmodel.Rows;
import org.iom.idm.readmodel.StorePositions;
import org.iom.idm.readmodel.WritesWhenTheBatchCommits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The audit trail: one entry per event in the store, whatever its type, at the event's global position, with
 * who acted, when, in which request, a summary in plain words and a hash that links it to the entry before
 * (see {@link AuditHash}). The chain follows the order of the store, so the processing group runs in a single
 * segment; it is append-only: an entry, once written, is never changed (CONTRACT §7).
 */
@Component
@ProcessingGroup(AuditProjection.PROCESSING_GROUP)
@WritesWhenTheBatchCommits
class AuditProjection {

    static final String PROCESSING_GROUP = "audit";
    /** Longer texts are cut in the entry's words; the hash covers the event in full. */
    private static final int MAX_TEXT = 20000;
    /** Longer narrations are not kept: the web UI shows the English summary instead. */
    private static final int MAX_NARRATION = 1000000;
    private static final Logger log = LoggerFactory.getLogger(AuditProjection.class);
    private static final List<String> BALLOT_TYPES = Stream.of(BallotEvent.class.getPermittedSubclasses())
            .map(Class::getSimpleName).toList();
    private static final String BATCH = AuditProjection.class.getName() + ".batch";
    private static final String COMMIT_HOOK = AuditProjection.class.getName() + ".commitHook";
    private static final String ENTRY_COLUMNS = """
            event_position, recorded_at, event_type, aggregate_id, consultation_id, actor, actor_role, member_state,
            correlation_id, summary, before_state, after_state, hash, previous_hash, narration, canonical""";

    private final JdbcClient db;
    private final JdbcTemplate jdbc;
    private final AuditLabels labels;
    private final AuditNarrator narrator;
    private final AuditWords record = AuditWords.forTheRecord();

    /** The chain's head as this processor's last committed batch left it; null when not known. */
    private volatile ChainPoint committedHead;

    AuditProjection(JdbcClient db, JdbcTemplate jdbc, @Value("${idm.audit.labels-kept}") long labelsKept) {
        this.db = db;
        this.jdbc = jdbc;
        this.labels = new AuditLabels(db, jdbc, labelsKept);
        this.narrator = new AuditNarrator(labels);
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Actor.USERNAME) String actor, @MetaDataValue(Actor.ROLE) String role,
            @MetaDataValue(Actor.MEMBER_STATE) String memberState,
            @MetaDataValue(Actor.CORRELATION_ID) String correlationId) {
        labels.startEvent();
        Batch batch = batch();
        OptionalLong tracked = token == null ? OptionalLong.empty() : token.position();
        if (tracked.isEmpty() || tracked.getAsLong() <= batch.headPosition) {
            refuseBehindTheHead(message, batch);
            return;
        }
        long position = tracked.getAsLong();
        String type = AuditHash.typeOf(event);
        String aggregateId = message instanceof DomainEventMessage<?> domainEvent
                ? domainEvent.getAggregateIdentifier() : null;
        Narration narration = narrator.narrate(event, new Who(actor, role, memberState));
        String canonical = AuditHash.canonical(position, message);
        String previousHash = batch.headHash;
        String hash = AuditHash.link(previousHash, canonical);
        batch.entries.add(new Object[]{position, message.getIdentifier(), Rows.utc(at), type, aggregateId,
                consultationIdOf(event), actor, role, memberState, correlationId, english(narration.summary()),
                english(narration.before()), english(narration.after()), canonical, previousHash, hash,
                kept(AuditWords.json(narration))});
        labels.keepEventsLabels();
        batch.headPosition = position;
        batch.headHash = hash;
    }

    /**
     * The store commits its events in the order of their positions (the command service's AppendsInCommitOrder),
     * so each event this processor sees lies beyond the head. One that does not would have to go in between
     * entries already sealed, and no written hash may change (CONTRACT §7): it is left out, and verification
     * reports its position as missing from the trail.
     */
    private void refuseBehindTheHead(EventMessage<?> message, Batch batch) {
        write(batch);
        if (!isRecorded(message.getIdentifier())) {
            log.error("Event {} ({}) reached the audit trail behind its head at position {}: the store did not commit "
                            + "it in order; it is left out and verification will report it", message.getIdentifier(),
                    AuditHash.typeOf(message.getPayload()), batch.headPosition);
        }
    }

    /**
     * One batch of the processor: the last entry of the chain, read once and then kept in step, and the entries
     * still to write. Each event's position is the tracked one and it links to the head, so it needs no look-ups.
     */
    private static final class Batch {
        private final List<Object[]> entries = new ArrayList<>();
        private long headPosition;
        private String headHash;

        private Batch(ChainPoint head) {
            this.headPosition = head.position();
            this.headHash = head.hash();
        }

        private ChainPoint head() {
            return new ChainPoint(headPosition, headHash);
        }
    }

    private record ChainPoint(long position, String hash) {
    }

    /**
     * The current batch. The labels remembered from earlier batches hold while the chain's head is where this
     * processor's last batch left it: any other writer (another instance that held the segment meanwhile, a
     * rebuild) has moved it.
     */
    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        unitOfWork.getOrComputeResource(COMMIT_HOOK, hook -> {
            unitOfWork.afterCommit(committed -> {
                Batch last = committed.getResource(BATCH);
                committedHead = last == null ? null : last.head();
                labels.keepBatchesLabels(committed);
            });
            return Boolean.TRUE;
        });
        return unitOfWork.getOrComputeResource(BATCH, name -> {
            ChainPoint head = db.sql("select event_position, hash from audit_entry order by event_position desc limit 1")
                    .query((rs, row) -> new ChainPoint(rs.getLong("event_position"), rs.getString("hash")))
                    .optional()
                    .orElseGet(() -> new ChainPoint(StorePositions.NONE, AuditHash.GENESIS));
            if (!head.equals(committedHead)) {
                labels.forgetEarlierBatches();
            }
            Batch batch = new Batch(head);
            unitOfWork.onPrepareCommit(committing -> write(batch));
            return batch;
        });
    }

    /** Writes the labels and entries kept so far; if that fails, the batch fails as a whole. */
    private void write(Batch batch) {
        try {
            labels.write();
            if (!batch.entries.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into audit_entry (event_position, event_id, recorded_at, event_type, aggregate_id,
                            consultation_id, actor, actor_role, member_state, correlation_id, summary, before_state,
                            after_state, canonical, previous_hash, hash, narration)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch.entries);
                batch.entries.clear();
            }
        } catch (RuntimeException e) {
            throw new BatchWriteFailedException("the audit trail's entries could not be written", e);
        }
    }

    @ResetHandler
    void reset() {
        db.sql("delete from audit_entry").update();
        labels.clear();
        committedHead = null;
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

    private boolean isRecorded(String eventId) {
        return db.sql("select count(*) from audit_entry where event_id = ?").param(eventId).query(Long.class)
                .single() > 0;
    }

    static String consultationIdOf(Object event) {
        if (event instanceof ConsultationEvent consultationEvent) {
            return consultationEvent.consultationId();
        }
        if (event instanceof ProposalEvent proposalEvent) {
            return proposalEvent.consultationId();
        }
        if (event instanceof CommentEvent commentEvent) {
            return commentEvent.consultationId();
        }
        if (event instanceof BallotEvent ballotEvent) {
            return ballotEvent.consultationId();
        }
        return null;
    }

    /** Words in the English of the record, cut to the column's length. */
    private String english(Object words) {
        String text = record.say(words, Locale.ENGLISH);
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static String kept(String narration) {
        return narration.length() <= MAX_NARRATION ? narration : null;
    }
}
