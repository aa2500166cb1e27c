package org.iom.idm;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.readmodel.ReadModels;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.NestedTestConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration.OVERRIDE;

/**
 * The {@code axonserver} profile: the processors follow Axon Server's event store (at {@code AXON_SERVER_ADDRESS})
 * instead of polling the database's, and Axon Server routes the queries; the read models and the processors'
 * tokens stay in the database. No Axon Server runs here: the address is a local port nobody listens on, and the
 * connector and the processors keep trying in the background, so this checks the wiring, not the traffic.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:query-axonserver-wiring;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa",
        "spring.datasource.password=",
        // The demo's token secret goes here, not into the module's own folder.
        "idm.data-dir=target/test-data",
        // Nobody answers: no need to hear about each attempt to connect, or to open an event stream.
        "logging.level.io.axoniq.axonserver.connector=off",
        "logging.level.org.axonframework.axonserver.connector=off",
        "logging.level.org.axonframework.eventhandling.TrackingEventProcessor=off"
})
@ActiveProfiles({"axonserver", "demo"})
class AxonServerProfileWiringTest {

    private static final List<String> PROCESSORS = List.of(ReadModels.PROCESSING_GROUP, "audit");

    /** A local port with nothing listening on it. */
    private static final String ADDRESS = "localhost:" + unusedPort();

    /** As the environment would set it; application.yml turns it into {@code axon.axonserver.servers}. */
    @DynamicPropertySource
    static void axonServerAddress(DynamicPropertyRegistry registry) {
        registry.add("AXON_SERVER_ADDRESS", () -> ADDRESS);
    }

    @Autowired
    private ApplicationContext context;
    @Autowired
    private Configuration axon;
    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private JdbcClient db;

    @Test
    void connectsToTheAxonServerOfTheEnvironment() {
        AxonServerConfiguration server = context.getBean(AxonServerConfiguration.class);

        assertThat(server.isEnabled()).isTrue();
        assertThat(server.getServers()).isEqualTo(ADDRESS);
        assertThat(server.getComponentName()).isEqualTo("query-service");
        assertThat(server.isShortcutQueriesToLocalHandlers()).isTrue();
    }

    @Test
    void axonServerIsTheEventStoreAndRoutesQueriesAndCommands() {
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        assertThat(context.getBean(QueryBus.class)).isInstanceOf(AxonServerQueryBus.class);
        assertThat(context.getBean(CommandBus.class)).isInstanceOf(AxonServerCommandBus.class);
        // What the processors read from and what the query gateway sends to.
        assertThat(axon.eventStore()).isInstanceOf(AxonServerEventStore.class);
        assertThat(axon.eventBus()).isSameAs(axon.eventStore());
        assertThat(axon.queryBus()).isInstanceOf(AxonServerQueryBus.class);
        assertThat(axon.commandBus()).isInstanceOf(AxonServerCommandBus.class);
    }

    @Test
    void theLiveTallysUpdatesGoThroughTheQueryBusOfAxonServer() {
        AxonServerQueryBus queryBus = (AxonServerQueryBus) axon.queryBus();

        assertThat(axon.queryUpdateEmitter()).isSameAs(queryBus.queryUpdateEmitter());
    }

    @Test
    void theDatabasesEventStoreIsNotDeclared() {
        assertThat(context.getBeansOfType(EmbeddedEventStore.class)).isEmpty();
        assertThat(context.getBeansOfType(EventStorageEngine.class)).isEmpty();
    }

    @Test
    void theProcessorsKeepTheirTokensAndReadModelsInTheDatabase() {
        for (String processor : PROCESSORS) {
            assertThat(processing.eventProcessor(processor)).as(processor)
                    .containsInstanceOf(TrackingEventProcessor.class);
            assertThat(processing.tokenStore(processor)).as(processor).isInstanceOf(JpaTokenStore.class);
        }
        // Flyway still migrates.
        assertThat(db.sql("select count(*) from token_entry").query(Long.class).single()).isNotNegative();
        assertThat(db.sql("select count(*) from consultation_view").query(Long.class).single()).isZero();
        assertThat(db.sql("select count(*) from audit_entry").query(Long.class).single()).isZero();
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Without the profile: the event store declared in {@code ProjectionConfiguration}, polling the database, and
     * the local buses. This runs in the context the projection tests share (the same configuration, so Spring's
     * context cache hands out that one rather than starting another).
     */
    @Nested
    @NestedTestConfiguration(OVERRIDE)
    class WithoutTheProfile extends AbstractProjectionTest {

        @Autowired
        private Configuration embedded;
        @Autowired
        private ApplicationContext embeddedContext;

        @Test
        void theDatabaseIsTheEventStoreAndTheBusesAreLocal() {
            assertThat(embeddedContext.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
            assertThat(embeddedContext.getBean(EventStorageEngine.class)).isInstanceOf(JpaEventStorageEngine.class);
            assertThat(embedded.eventStore()).isSameAs(embeddedContext.getBean(EventStore.class));
            assertThat(embedded.commandBus()).isInstanceOf(SimpleCommandBus.class);
            assertThat(embedded.queryBus()).isInstanceOf(SimpleQueryBus.class);
        }
    }
}
