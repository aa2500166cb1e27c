package org.iom.idm.rule;

import java.util.List;

/**
 * A command refused by a rule: nothing changed. It carries the code, a message for the client and the offending
 * fields of the command, if any. It lives beside the events, in the module that depends on no framework of the
 * web, so that the domain throws it without knowing of HTTP; the web edge maps it.
 */
public class RuleRefused extends RuntimeException {

    private final RefusalCode code;
    private final List<String> fields;

    public RuleRefused(RefusalCode code, String message, String... fields) {
        super(message);
        this.code = code;
        this.fields = List.of(fields);
    }

    public RefusalCode code() {
        return code;
    }

    public List<String> fields() {
        return fields;
    }

    /** Refuses with {@code code} unless {@code condition} holds. */
    public static void require(boolean condition, RefusalCode code, String message, String... fields) {
        if (!condition) {
            throw new RuleRefused(code, message, fields);
        }
    }
}
