package org.iom.idm.readmodel;

/**
 * The processing group of the read models built together: the consultations, the proposals, the tallies and
 * ballots, the member states and the accreditation roster. One processor reads and deserialises each event once
 * for all of them and stores its position once per batch; events stay in order per aggregate (the consultation's or
 * the member state's stream), each stream in one segment. The audit trail, chained in the store's order, keeps a
 * processor of its own.
 */
public final class ReadModels {

    public static final String PROCESSING_GROUP = "read-models";

    private ReadModels() {
    }
}
