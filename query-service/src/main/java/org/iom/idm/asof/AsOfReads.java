package org.iom.idm.asof;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.idm.web.Queries;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * "As of" reads (CONTRACT §7): a consultation's read models as they stood at an instant, rebuilt from its events
 * whose timestamp is at or before it, never from the current read models. Every event the consultation, proposal,
 * tally and ballot reads need is of the consultation's own stream (proposals, comments and ballots included), so
 * only that stream is read, from sequence 0 without snapshots; with Axon Server, from Axon Server.
 *
 * <p>An instant after the newest event gives the state after every event so far: the present, rebuilt. One before
 * the consultation's first event finds nothing, as an unknown id does.
 */
@Component
public class AsOfReads {

    private final Queries present;
    private final EventStore eventStore;
    private final ObjectProvider<RebuiltReadModels> rebuilt;
    /** Past states never change: the answers after a given set of a consultation's events are kept. */
    private final Cache<Key, Queries> moments;

    AsOfReads(Queries present, EventStore eventStore, ObjectProvider<RebuiltReadModels> rebuilt,
              AsOfProperties settings) {
        this.present = present;
        this.eventStore = eventStore;
        this.rebuilt = rebuilt;
        this.moments = Caffeine.newBuilder().maximumSize(settings.momentsKept()).build();
    }

    /** The queries to ask: of the present read models without {@code asOf}, else of the consultation then. */
    public Queries queries(String consultationId, String asOf) {
        if (asOf == null) {
            return present;
        }
        Instant instant = instant(asOf);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        BitSet sequences = new BitSet();
        DomainEventStream stream = eventStore.readEvents(consultationId, 0L);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            // Timestamps only: payloads are deserialized for a moment not yet kept.
            if (!event.getTimestamp().isAfter(instant)) {
                events.add(event);
                sequences.set(Math.toIntExact(event.getSequenceNumber()));
            }
        }
        if (events.isEmpty()) {
            throw new RuleViolation(ErrorCode.NOT_FOUND, "no consultation '" + consultationId + "' as of " + instant);
        }
        return moments.get(new Key(consultationId, sequences), key -> queries(
                rebuilt.getObject().of(consultationId, events)));
    }

    /** ISO-8601 with a zone offset, e.g. 2010-03-01T09:00:00Z or 2010-03-01T10:00:00+01:00. */
    private static Instant instant(String asOf) {
        try {
            return OffsetDateTime.parse(asOf.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new RuleViolation(ErrorCode.VALIDATION_FAILED, "'asOf' must be an ISO-8601 instant such as "
                    + "2010-03-01T09:00:00Z (encode '+' as %2B); got '" + asOf + "'");
        }
    }

    private static Queries queries(Moment moment) {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(moment).subscribe(bus);
        return new Queries(DefaultQueryGateway.builder().queryBus(bus).build());
    }

    /** A consultation and which of its events (by sequence number) a moment includes. */
    private record Key(String consultationId, BitSet sequences) {
    }
}
