package org.iom.idm.store;

import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The last sequence number of each of several aggregates' streams, for a group of commands to check every kept
 * aggregate it touches in one look-up. A stream without events has no entry.
 */
public interface StreamHeads {

    Map<String, Long> lastSequenceNumbersOf(Collection<String> aggregateIdentifiers);

    /** Where the store answers only one stream at a time (Axon Server). */
    static StreamHeads oneByOne(EventStore eventStore) {
        return aggregateIdentifiers -> {
            Map<String, Long> heads = new HashMap<>();
            aggregateIdentifiers.forEach(id -> eventStore.lastSequenceNumberFor(id).ifPresent(last -> heads.put(id, last)));
            return heads;
        };
    }
}
