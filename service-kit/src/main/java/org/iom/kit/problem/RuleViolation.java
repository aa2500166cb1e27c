package org.iom.kit.problem;

import java.util.List;

/**
 * A rejected request or command: nothing changed, and the client is told why with a stable code and, where a
 * rule names them, the offending fields.
 */
public class RuleViolation extends RuntimeException {

    private final ErrorCode code;
    private final List<String> fields;

    public RuleViolation(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public RuleViolation(ErrorCode code, String detail, List<String> fields) {
        super(detail);
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    public ErrorCode code() {
        return code;
    }

    public List<String> fields() {
        return fields;
    }
}
