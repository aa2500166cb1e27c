package org.iom.idm.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.iom.idm.actor.Actor;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The audit trail's hash chain. Everything it covers comes from the event and its place in the event store,
 * never from a read model, so a verifier can recompute the chain from the store alone:
 * <pre>
 * hash      = lower-case hex of SHA-256( UTF-8( previousHash + "\n" + canonical ) )
 * previousHash = the hash of the entry at the next lower position, or "GENESIS" for the first entry
 * canonical = {"actor":…,"aggregateId":…,"correlationId":…,"memberState":…,"payload":{…},"position":n,
 *              "role":…,"timestamp":"…","type":"…"}
 * </pre>
 * {@code canonical} is JSON without whitespace, with the properties of every object sorted by name and absent
 * values as {@code null}: {@code position} is the event's global index in the store, {@code timestamp} its
 * ISO-8601 UTC time to the millisecond (the store's precision), {@code type} the payload class's simple name,
 * {@code aggregateId} the event's aggregate (null for an event without one), {@code actor}, {@code role},
 * {@code memberState} and {@code correlationId} its metadata, and {@code payload} the event record as Jackson
 * writes it.
 */
public final class AuditHash {

    public static final String GENESIS = "GENESIS";
    private static final String ALGORITHM = "SHA-256";
    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private AuditHash() {
    }

    /** The canonical rendering of an event read from the store at the given global position. */
    public static String canonical(long position, EventMessage<?> event) {
        String aggregateId = event instanceof DomainEventMessage<?> domainEvent
                ? domainEvent.getAggregateIdentifier() : null;
        return canonical(position, event.getTimestamp(), typeOf(event.getPayload()), aggregateId,
                metaData(event, Actor.USERNAME), metaData(event, Actor.ROLE), metaData(event, Actor.MEMBER_STATE),
                metaData(event, Actor.CORRELATION_ID), event.getPayload());
    }

    public static String canonical(long position, Instant timestamp, String type, String aggregateId, String actor,
                                   String role, String memberState, String correlationId, Object payload) {
        ObjectNode fields = CANONICAL_JSON.createObjectNode();
        fields.put("position", position);
        fields.put("timestamp", timestamp == null ? null : timestamp.truncatedTo(ChronoUnit.MILLIS).toString());
        fields.put("type", type);
        fields.put("aggregateId", aggregateId);
        fields.put("actor", actor);
        fields.put("role", role);
        fields.put("memberState", memberState);
        fields.put("correlationId", correlationId);
        fields.set("payload", CANONICAL_JSON.valueToTree(payload));
        return CANONICAL_JSON.writeValueAsString(fields);
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
