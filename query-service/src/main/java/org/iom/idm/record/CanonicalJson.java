package org.iom.idm.record;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The record's bytes, written as docs/audit-chain.md writes the audit's canonical form: no whitespace, the
 * properties of every object at every depth sorted by name, absent values as {@code null}, UTF-8.
 */
final class CanonicalJson {

    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private CanonicalJson() {
    }

    /** Through a tree, so that records' properties are sorted too, not written in their components' order. */
    static byte[] of(Object value) {
        return CANONICAL_JSON.writeValueAsBytes(CANONICAL_JSON.valueToTree(value));
    }
}
