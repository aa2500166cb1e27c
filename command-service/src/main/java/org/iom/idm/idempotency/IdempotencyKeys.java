package org.iom.idm.idempotency;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The accepted requests' keys, per caller, in table {@code idempotency_key}. Its statements join the transaction
 * under way (the command's, with its events), as the JDBC statements of the event store do.
 */
@Component
class IdempotencyKeys {

    private final JdbcClient db;
    private final Serializer serializer;
    private final IdempotencyProperties settings;
    private final InstantSource time;

    IdempotencyKeys(JdbcClient db, @Qualifier("messageSerializer") Serializer serializer,
                    IdempotencyProperties settings, ObjectProvider<InstantSource> time) {
        this.db = db;
        this.serializer = serializer;
        this.settings = settings;
        this.time = time.getIfUnique(InstantSource::system);
    }

    /** What an accepted request asked (its hash) and what its command answered. */
    record Answer(String hash, Object result) {
    }

    /** The answer kept for the caller's key; none if there is none, or it is too old to honour (it goes then). */
    Optional<Answer> find(String caller, String key) {
        Optional<Stored> stored = db.sql("""
                        select request_hash, result_type, result, created_at from idempotency_key
                        where caller = ? and idempotency_key = ?""")
                .params(caller, key)
                .query((rows, row) -> new Stored(rows.getString(1), rows.getString(2), rows.getBytes(3),
                        rows.getObject(4, OffsetDateTime.class).toInstant()))
                .optional();
        if (stored.isPresent() && !stored.get().createdAt().isAfter(oldestHonoured())) {
            db.sql("delete from idempotency_key where caller = ? and idempotency_key = ?").params(caller, key).update();
            return Optional.empty();
        }
        return stored.map(this::answer);
    }

    /** Keeps the answer to the caller's request; another transaction's committed or pending row for it fails this. */
    void store(String caller, IdempotentRequest request, Object result) {
        SerializedObject<byte[]> serialized = result == null ? null : serializer.serialize(result, byte[].class);
        db.sql("""
                        insert into idempotency_key (caller, idempotency_key, request_hash, result_type, result, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(caller, request.key(), request.hash(),
                        serialized == null ? null : serialized.getType().getName(),
                        serialized == null ? null : serialized.getData(),
                        OffsetDateTime.ofInstant(time.instant(), ZoneOffset.UTC))
                .update();
    }

    /** Deletes the keys too old to honour; answers how many. */
    int prune() {
        return db.sql("delete from idempotency_key where created_at <= ?")
                .param(OffsetDateTime.ofInstant(oldestHonoured(), ZoneOffset.UTC))
                .update();
    }

    private Instant oldestHonoured() {
        return time.instant().minus(settings.keptFor());
    }

    private Answer answer(Stored stored) {
        Object result = stored.resultType() == null ? null
                : serializer.deserialize(new SimpleSerializedObject<>(stored.result(), byte[].class,
                        stored.resultType(), null));
        return new Answer(stored.hash(), result);
    }

    private record Stored(String hash, String resultType, byte[] result, Instant createdAt) {
    }
}
