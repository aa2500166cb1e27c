package org.iom.idm.idempotency;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deletes the keys too old to honour, on one instance at a time (the service's db-scheduler). */
@Configuration
class IdempotencyConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    @Bean
    RecurringTask<Void> pruneIdempotencyKeys(IdempotencyKeys keys, IdempotencyProperties settings) {
        return Tasks.recurring("prune-idempotency-keys", FixedDelay.of(settings.pruneEvery()))
                .execute((instance, execution) -> LOG.debug("Deleted {} idempotency key(s) too old to honour",
                        keys.prune()));
    }
}
