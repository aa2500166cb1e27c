package org.iom.idm.audit;

import org.iom.idm.audit.AuditQueries.AuditFilter;

/**
 * The query parameters of the audit trail's reads, its page and its export, as sent (each optional): the filters,
 * and where a page starts and in which order. Each read checks them as it uses them.
 */
record AuditParameters(String consultationId, String memberState, String actor, String type, String from, String to,
                       String after, String before, String order, String limit) {

    /** The filters, checked; {@code from} and {@code to} as the instants given. */
    AuditFilter filter() {
        return AuditController.filter(consultationId, memberState, actor, type, from, to);
    }
}
