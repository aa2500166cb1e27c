package org.iom.idm.ballot;

import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * What this instance's {@link TallyProjection} has committed: per consultation, the sequence number of the last
 * event its stored tally includes. The projection signals each batch once its transaction has committed, never
 * while it commits, so a tally read on the signal holds all of the batch; {@link TallyNotifier} waits here instead
 * of looking at the database again and again. Holds one number per consultation projected since the service
 * started.
 */
@Component
class TallyCommits {

    private final Lock lock = new ReentrantLock();
    private final Condition commit = lock.newCondition();
    private final Map<String, Long> committed = new HashMap<>();

    /** A batch that applied these consultations' events, up to these sequence numbers, has committed. */
    void committed(Map<String, Long> applied) {
        lock.lock();
        try {
            applied.forEach((consultationId, sequence) -> committed.merge(consultationId, sequence, Math::max));
            commit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Those of the {@code changes} (consultation, sequence number) that a committed tally here includes, as soon as
     * there is one; none if there is none by {@code deadline} ({@link System#nanoTime()}).
     */
    Set<String> awaitIncluded(Map<String, Long> changes, long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                Set<String> included = included(changes, committed);
                long left = deadline - System.nanoTime();
                if (!included.isEmpty() || left <= 0) {
                    return included;
                }
                commit.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Those of the {@code changes} (consultation, sequence number) that the {@code applied} sequences include. */
    static Set<String> included(Map<String, Long> changes, Map<String, Long> applied) {
        return changes.entrySet().stream()
                .filter(change -> applied.getOrDefault(change.getKey(), -1L) >= change.getValue())
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
