package org.iom.idm.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit trail (idm.audit.*): {@code labelsKept} names, titles and current ballots the audit processor keeps in
 * memory between its batches; {@code verify.pageSize} entries compared per read of the trail.
 */
@ConfigurationProperties("idm.audit")
record AuditProperties(long labelsKept, Verify verify) {

    record Verify(int pageSize) {
    }
}
