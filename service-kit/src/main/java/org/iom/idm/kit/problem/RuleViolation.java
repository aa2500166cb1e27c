package org.iom.idm.kit.problem;

/** A rejected request or command: nothing changed, and the client is told why with a stable code. */
public class RuleViolation extends RuntimeException {

    private final ErrorCode code;

    public RuleViolation(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
