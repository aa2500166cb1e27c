package org.iom.idm.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit trail's hash chain (CONTRACT §7, docs/audit-chain.md). Everything it covers comes from the event and
 * its place in the event store, never from a read model, so a verifier can recompute the chain from the store alone:
 * <pre>
 * hash         = lower-case hex of SHA-256( UTF-8( previousHash + "\n" + canonical ) )
 * previousHash = the hash of the entry at the next lower position, or "GENESIS" for the first entry
 * canonical    = {"aggregateId":…,"eventId":"…","metaData":{…},"payload":{…},"position":n,"sequence":n,
 *                 "timestamp":"…","type":"…"}
 * </pre>
 * {@code canonical} is JSON without whitespace, with the properties of every object sorted by name and absent
 * values as {@code null}: {@code position} is the event's global index in the store, {@code eventId} its
 * identifier, {@code timestamp} its ISO-8601 UTC time to the millisecond (the store's precision), {@code type}
 * the payload class's simple name, {@code aggregateId} and {@code sequence} its aggregate and its number in that
 * aggregate's stream (null for an event without one), {@code metaData} all of its metadata, and {@code payload}
 * the event record as Jackson writes it, but for components that a later revision of the event added, which are
 * left out while null.
 */
public final class AuditHash {

    public static final String GENESIS = "GENESIS";
    private static final String ALGORITHM = "SHA-256";
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            // A record's components are its creator's: sorted with the others, as a tree would sort them.
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .addMixIn(BallotCast.class, BallotRevision2.class)
            .addMixIn(BallotChanged.class, BallotRevision2.class)
            .build();

    /**
     * The components that revision 2 of the ballot events added (an explanation of vote, the versions chosen, the
     * round) are left out while null: a ballot stored before loads with all three null and keeps the canonical
     * form, and the hash, it was sealed with.
     */
    private interface BallotRevision2 {

        @JsonInclude(JsonInclude.Include.NON_NULL)
        String explanation();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        Map<String, Integer> versions();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        Integer round();
    }

    private AuditHash() {
    }

    /**
     * The canonical rendering of an event read from the store at the given global position. Written straight out,
     * its properties in the order of their names: building a tree first to sort them cost about as much again.
     */
    public static String canonical(long position, EventMessage<?> event) {
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> domainEvent ? domainEvent : null;
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator json = CANONICAL_JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringProperty("aggregateId", domain == null ? null : domain.getAggregateIdentifier());
            json.writeStringProperty("eventId", event.getIdentifier());
            json.writePOJOProperty("metaData", new TreeMap<>(event.getMetaData()));
            json.writePOJOProperty("payload", event.getPayload());
            json.writeNumberProperty("position", position);
            if (domain == null) {
                json.writeNullProperty("sequence");
            } else {
                json.writeNumberProperty("sequence", domain.getSequenceNumber());
            }
            json.writeStringProperty("timestamp", event.getTimestamp().truncatedTo(ChronoUnit.MILLIS).toString());
            json.writeStringProperty("type", typeOf(event.getPayload()));
            json.writeEndObject();
        }
        return text.toString();
    }

    /** The hash of an entry with the given canonical rendering that follows the entry with {@code previousHash}. */
    public static String link(String previousHash, String canonical) {
        try {
            MessageDigest digest = MessageDigest.getInstance(ALGORITHM);
            return HexFormat.of().formatHex(digest.digest((previousHash + "\n" + canonical)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** An event's type as the audit names it: the simple name of its record, e.g. {@code BallotChanged}. */
    public static String typeOf(Object payload) {
        return payload == null ? "null" : payload.getClass().getSimpleName();
    }

    static String metaData(EventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
