package org.iom.idm.idempotency;

import java.util.Map;

/**
 * A request sent with an {@code Idempotency-Key}: the client's key and a hash of what was asked (method, path and
 * body). It travels to the command handler as the command's metadata; the events do not carry it.
 */
record IdempotentRequest(String key, String hash) {

    static final String KEY = "idempotencyKey";
    static final String HASH = "requestHash";

    Map<String, String> toMetaData() {
        return Map.of(KEY, key, HASH, hash);
    }

    /** Null when the command carries no key. */
    static IdempotentRequest fromMetaData(Map<String, ?> metaData) {
        Object key = metaData.get(KEY);
        Object hash = metaData.get(HASH);
        return key == null || hash == null ? null : new IdempotentRequest(key.toString(), hash.toString());
    }
}
