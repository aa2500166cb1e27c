package org.iom.idm.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The command and the query service, each from its jar on a free port, their logs in one folder. The command
 * service starts first: it creates the event store and seeds the demo, which the query service then follows.
 */
public final class ServicePair implements AutoCloseable {

    private final ServiceProcess commandService;
    private final ServiceProcess queryService;

    public ServicePair(Path commandJar, Path queryJar, Path logDir) {
        this.commandService = ServiceProcess.onFreePort("command-service", commandJar, logDir);
        this.queryService = ServiceProcess.onFreePort("query-service", queryJar, logDir);
    }

    public ServiceProcess commandService() {
        return commandService;
    }

    public ServiceProcess queryService() {
        return queryService;
    }

    /**
     * Starts the command service, then the query service once the command service is healthy; waits until both
     * are. If either fails, both are stopped.
     */
    public void start(List<String> commandJvm, List<String> queryJvm, Map<String, String> environment,
                      Duration timeout) {
        try {
            commandService.start(commandJvm, environment);
            commandService.awaitHealthy(timeout);
            queryService.start(queryJvm, environment);
            queryService.awaitHealthy(timeout);
        } catch (RuntimeException | Error failure) {
            close();
            throw failure;
        }
    }

    /** Stops the query service, then the command service it follows. */
    @Override
    public void close() {
        queryService.stop();
        commandService.stop();
    }
}
