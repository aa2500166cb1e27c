package org.iom.idm.audit;

import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain tells a head moved by another writer from one this processor left, a reset's empty trail included: after
 * a reset the audit's first batch keeps the labels it knows are not stored yet, and so does not look each one up.
 */
class AuditChainTest extends AbstractProjectionTest {

    @Autowired
    private TransactionTemplate transaction;

    @Test
    void theEmptyTrailAResetLeavesIsNotAHeadMovedElsewhere() {
        AuditChain chain = new AuditChain(db);

        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            db.sql("delete from audit_entry").update();
            chain.emptied();

            assertThat(chain.movedElsewhere(chain.storedHead())).isFalse();
            db.sql("""
                    insert into audit_entry (event_position, event_id, recorded_at, event_type, summary, canonical,
                        previous_hash, hash)
                    values (1, 'written-elsewhere', current_timestamp, 'Test', 'Test', '{}', 'GENESIS', 'x')""")
                    .update();
            assertThat(chain.movedElsewhere(chain.storedHead())).as("once another writer wrote").isTrue();
        });
    }
}
