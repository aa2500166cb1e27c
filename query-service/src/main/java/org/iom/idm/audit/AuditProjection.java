package org.iom.idm.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.iom.idm.actor.Actor;
import org.iom.idm.audit.AuditChain.Link;
import org.iom.idm.audit.AuditNarrator.Narration;
import org.iom.idm.audit.AuditNarrator.Who;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.proposal.CommentEvent;
import org.iom.idm.proposal.ProposalEvent;
import org.iom.idm.readmodel.BatchState;
import org.iom.idm.readmodel.Rows;
import org.iom.idm.readmodel.WritesWhenTheBatchCommits;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Writes the audit trail: one entry per event in the store, whatever its type, at the event's global position, with
 * who acted, when, in which request, a summary in plain words and its link in the hash chain ({@link AuditChain}).
 * The chain follows the order of the store, so the processing group runs in a single segment. A batch's entries
 * are written as it commits; the queries are answered by {@link AuditTrailQueries}.
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

    private static final List<String> ENTRY_COLUMNS = List.of("event_position", "event_id", "recorded_at",
            "event_type", "aggregate_id", "consultation_id", "actor", "actor_role", "member_state", "correlation_id",
            "summary", "before_state", "after_state", "canonical", "previous_hash", "hash", "narration");
    private static final int POSITION = ENTRY_COLUMNS.indexOf("event_position");
    private static final int CANONICAL = ENTRY_COLUMNS.indexOf("canonical");
    private static final int PREVIOUS_HASH = ENTRY_COLUMNS.indexOf("previous_hash");
    private static final int HASH = ENTRY_COLUMNS.indexOf("hash");

    private final JdbcClient db;
    private final JdbcTemplate jdbc;
    private final AuditChain chain;
    private final AuditLabels labels;
    private final AuditNarrator narrator;
    private final AuditWords record = AuditWords.forTheRecord();
    private final BatchState<Batch> batches;

    AuditProjection(JdbcClient db, JdbcTemplate jdbc, AuditChain chain,
                    AuditProperties settings) {
        this.db = db;
        this.jdbc = jdbc;
        this.chain = chain;
        this.labels = new AuditLabels(db, jdbc, settings.labelsKept());
        this.narrator = new AuditNarrator(labels);
        this.batches = BatchState.of(AuditProjection.class.getName() + ".batch", this::startBatch)
                .writtenAsItCommits("the audit trail's entries", this::write)
                .afterCommit(batch -> chain.committed(batch.chain.head()));
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(Actor.USERNAME) String actor, @MetaDataValue(Actor.ROLE) String role,
            @MetaDataValue(Actor.MEMBER_STATE) String memberState,
            @MetaDataValue(Actor.CORRELATION_ID) String correlationId) {
        labels.startEvent();
        Batch batch = batches.current();
        if (!batch.chain.admits(token == null ? OptionalLong.empty() : token.position())) {
            batches.writeNow(batch);
            chain.leaveOut(message, batch.chain.head());
            return;
        }
        long position = token.position().getAsLong();
        String aggregateId = message instanceof DomainEventMessage<?> domainEvent
                ? domainEvent.getAggregateIdentifier() : null;
        Narration narration = narrator.narrate(event, new Who(actor, role, memberState));
        batch.chain.admit(position);
        batch.entries.add(new Entry(position, message, Rows.utc(at), AuditHash.typeOf(event), aggregateId,
                consultationIdOf(event), actor, role, memberState, correlationId, narration));
        labels.keepEventsLabels();
    }

    /**
     * One batch of the processor: the chain from its head, read once and then kept in step, and the entries still
     * to write. Each event's position is the tracked one and it links to the head, so it needs no look-ups.
     */
    private static final class Batch {
        private final List<Entry> entries = new ArrayList<>();
        private final AuditChain.Growing chain;

        private Batch(AuditChain.Head head) {
            this.chain = new AuditChain.Growing(head);
        }
    }

    /**
     * The labels remembered from earlier batches hold while the chain's head is where this processor's last batch
     * left it.
     */
    private Batch startBatch() {
        AuditChain.Head head = chain.storedHead();
        if (chain.movedElsewhere(head)) {
            labels.forgetEarlierBatches();
        }
        return new Batch(head);
    }

    /**
     * An entry as its event's handler leaves it: what needs the labels as they stood at the event. The rest needs
     * only the event and its words, so {@link #write} makes it for all of the batch's entries at once, in parallel.
     */
    private record Entry(long position, EventMessage<?> message, OffsetDateTime at, String type, String aggregateId,
                         String consultationId, String actor, String role, String memberState,
                         String correlationId, Narration narration) {
    }

    /**
     * Writes the labels and entries kept so far: their words and canonical forms made in parallel, then linked into
     * the chain in order.
     */
    private void write(Batch batch) {
        labels.write();
        if (!batch.entries.isEmpty()) {
            List<Object[]> rows = batch.entries.parallelStream().map(this::row).toList();
            for (Object[] row : rows) {
                Link link = batch.chain.link((Long) row[POSITION], (String) row[CANONICAL]);
                row[PREVIOUS_HASH] = link.previousHash();
                row[HASH] = link.hash();
            }
            Rows.insert(jdbc, "audit_entry", ENTRY_COLUMNS, rows);
            batch.entries.clear();
        }
    }

    /** The entry's row in {@link #ENTRY_COLUMNS}, but for its link in the chain. */
    private Object[] row(Entry entry) {
        Narration narration = entry.narration();
        return new Object[]{entry.position(), entry.message().getIdentifier(), entry.at(), entry.type(),
                entry.aggregateId(), entry.consultationId(), entry.actor(), entry.role(), entry.memberState(),
                entry.correlationId(), english(narration.summary()), english(narration.before()),
                english(narration.after()), AuditHash.canonical(entry.position(), entry.message()), null, null,
                kept(AuditWords.json(narration))};
    }

    @ResetHandler
    void reset() {
        db.sql("delete from audit_entry").update();
        labels.clear();
        chain.emptied();
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
