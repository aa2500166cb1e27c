package org.iom.idm.schedule;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * Axon's deadline manager over db-scheduler, on the service's own database (table {@code scheduled_tasks}, made by
 * Flyway): deadlines outlive a restart, one whose instant passed while no instance ran acts when one starts, and
 * of several instances exactly one runs each deadline. A deadline is stored in the transaction of the command that
 * schedules it (the scheduler's connections join the transaction under way), so a refused or failed command
 * leaves none behind; cancelling one is part of its command's transaction too.
 */
@org.springframework.context.annotation.Configuration
class DeadlineConfiguration {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    /**
     * Axon's deadline task, retried after a failure (another instance appended to the consultation at that moment)
     * within a second, backing off, instead of db-scheduler's default five minutes.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context) {
        Task<DbSchedulerBinaryDeadlineDetails> axonTask =
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class));
        return new Tasks.OneTimeTaskBuilder<>(axonTask.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FIRST_RETRY))
                .execute((instance, execution) -> axonTask.execute(instance, execution));
    }

    /** Runs the deadlines, and the recurring tasks of other features (each scheduled at start, if not yet). */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, List<RecurringTask<?>> recurring,
                                DeadlineProperties settings) {
        List<Task<?>> others = tasks.stream().filter(task -> !recurring.contains(task)).toList();
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), others)
                .startTasks(recurring)
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .shutdownMaxWait(settings.shutdownWait())
                .alwaysPersistTimestampInUTC()
                .threads(2)
                .build();
    }

    /**
     * As Axon's auto-configuration builds it, and with the correlation data of the deadline's message (the system
     * as actor, the correlation id) copied onto the events the deadline causes, as the command bus does for
     * commands.
     */
    @Bean
    DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, Configuration axon,
                                               @Qualifier("eventSerializer") Serializer serializer,
                                               TransactionManager transactionManager,
                                               DeadlineManagerSpanFactory spanFactory) {
        DbSchedulerDeadlineManager deadlines = DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .startScheduler(false)
                .stopScheduler(false)
                .build();
        deadlines.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return deadlines;
    }

    /**
     * Starts the scheduler once everything else runs (deadlines load consultations through Axon) and stops it
     * first, letting running deadlines finish.
     */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
