package org.iom.idm.store;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CONTRACT §7: events commit in the order of their global index, so the audit chain never takes one in late. */
class AppendsInCommitOrderTest extends ApiTestSupport {

    @Autowired
    private EventStorageEngine store;
    @Autowired
    private TransactionTemplate transactions;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void anAppendWaitsUntilTheTransactionThatAppendedBeforeItHasEndedSoIndexesCommitInOrder() throws Exception {
        GenericDomainEventMessage<String> first = event();
        GenericDomainEventMessage<String> second = event();
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> firstCommitted = threads.submit(() -> transactions.executeWithoutResult(status -> {
                store.appendEvents(first);
                firstAppended.countDown();
                await(commitFirst);
            }));
            assertThat(firstAppended.await(30, TimeUnit.SECONDS)).as("the first append").isTrue();
            Future<?> secondCommitted = threads.submit(() -> transactions.executeWithoutResult(
                    status -> store.appendEvents(second)));

            assertThatThrownBy(() -> secondCommitted.get(500, TimeUnit.MILLISECONDS))
                    .as("the second append while the first transaction is open").isInstanceOf(TimeoutException.class);
            commitFirst.countDown();
            firstCommitted.get(30, TimeUnit.SECONDS);
            secondCommitted.get(30, TimeUnit.SECONDS);
        } finally {
            commitFirst.countDown();
            threads.shutdownNow();
        }
        assertThat(indexOf(second)).isGreaterThan(indexOf(first));
    }

    @Test
    void anAppendThatRollsBackLetsTheNextOneThroughAndLeavesNothing() {
        GenericDomainEventMessage<String> rolledBack = event();
        GenericDomainEventMessage<String> kept = event();
        transactions.executeWithoutResult(status -> {
            store.appendEvents(rolledBack);
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> store.appendEvents(kept));

        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where event_identifier = ?",
                Long.class, rolledBack.getIdentifier())).isZero();
        assertThat(indexOf(kept)).isPositive();
    }

    @Test
    void aRolledBackAppendLeavesNoGapTheNextAppendTakesItsIndexes() {
        GenericDomainEventMessage<String> before = event();
        transactions.executeWithoutResult(status -> store.appendEvents(before));
        transactions.executeWithoutResult(status -> {
            store.appendEvents(event(), event());
            status.setRollbackOnly();
        });
        GenericDomainEventMessage<String> after = event();
        GenericDomainEventMessage<String> last = event();
        transactions.executeWithoutResult(status -> store.appendEvents(after, last));

        assertThat(List.of(indexOf(after), indexOf(last))).as("the indexes after %s", indexOf(before))
                .containsExactly(indexOf(before) + 1, indexOf(before) + 2);
    }

    private static GenericDomainEventMessage<String> event() {
        return new GenericDomainEventMessage<>("AppendOrderProbe", "probe-" + UUID.randomUUID(), 0, "probe");
    }

    private long indexOf(GenericDomainEventMessage<?> event) {
        return jdbc.queryForObject("select global_index from domain_event_entry where event_identifier = ?",
                Long.class, event.getIdentifier());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
