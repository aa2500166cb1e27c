package org.iom.idm.proposal;

/** A proposer is a member state's code or the Administration (the secretariat). */
public final class Proposer {

    public static final String ADMINISTRATION = "ADMINISTRATION";

    private Proposer() {
    }
}
