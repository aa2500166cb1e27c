package org.iom.idm;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.iom.idm.store.AppendsInCommitOrder;
import org.iom.idm.web.ApiTestSupport;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration.OVERRIDE;

/**
 * The {@code axonserver} profile: Axon Server (at {@code AXON_SERVER_ADDRESS}) is the event store and routes the
 * commands and queries; the database keeps the voting-rights register. No Axon Server runs here: the address is
 * a local port nobody listens on, and the connector keeps trying in the background while the context starts,
 * so this checks the wiring, not the traffic. The demo seed is off, as it would send commands to that server.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:command-axonserver-wiring;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa",
        "spring.datasource.password=",
        "idm.demo.seed=false",
        // The demo's token secret goes here, not into the module's own folder.
        "idm.data-dir=target/test-data",
        // Nobody answers: no need to hear about each attempt to connect.
        "logging.level.io.axoniq.axonserver.connector=off",
        "logging.level.org.axonframework.axonserver.connector=off"
})
@ActiveProfiles({"axonserver", "demo"})
class AxonServerProfileWiringTest {

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
        assertThat(server.getComponentName()).isEqualTo("command-service");
    }

    @Test
    void axonServerIsTheEventStoreAndRoutesCommandsAndQueries() {
        assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
        assertThat(context.getBean(CommandBus.class)).isInstanceOf(AxonServerCommandBus.class);
        assertThat(context.getBean(QueryBus.class)).isInstanceOf(AxonServerQueryBus.class);
        // What the aggregates' repositories, the command gateway and the processors use.
        assertThat(axon.eventStore()).isInstanceOf(AxonServerEventStore.class);
        assertThat(axon.eventBus()).isSameAs(axon.eventStore());
        assertThat(axon.commandBus()).isInstanceOf(AxonServerCommandBus.class);
        assertThat(axon.queryBus()).isInstanceOf(AxonServerQueryBus.class);
    }

    @Test
    void axonsJpaEventStoreGivesWay() {
        assertThat(context.getBeansOfType(EventStorageEngine.class)).isEmpty();
        assertThat(context.getBeansOfType(EmbeddedEventStore.class)).isEmpty();
    }

    @Test
    void theVotingRightsRegisterAndTheAccreditationRosterStayInTheDatabase() {
        assertThat(processing.eventProcessor("voting-rights-register"))
                .containsInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("accreditation-roster"))
                .containsInstanceOf(SubscribingEventProcessor.class);
        assertThat(db.sql("select count(*) from accreditation_roster").query(Long.class).single()).isZero();
        // Flyway still migrates; the event-store tables are there, and unused.
        assertThat(db.sql("select count(*) from voting_rights_register").query(Long.class).single()).isZero();
        assertThat(db.sql("select count(*) from domain_event_entry").query(Long.class).single()).isZero();
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Without the profile: Axon's JPA event store and the local buses. This runs in the context the API tests
     * share (the same configuration, so Spring's context cache hands out that one rather than starting another).
     */
    @Nested
    @NestedTestConfiguration(OVERRIDE)
    class WithoutTheProfile extends ApiTestSupport {

        @Autowired
        private Configuration embedded;
        @Autowired
        private ApplicationContext embeddedContext;

        @Test
        void theDatabaseIsTheEventStoreAndTheBusesAreLocal() {
            assertThat(embedded.eventStore()).isInstanceOf(EmbeddedEventStore.class);
            assertThat(embeddedContext.getBean(EventStorageEngine.class)).isInstanceOf(AppendsInCommitOrder.class);
            assertThat(embedded.commandBus()).isInstanceOf(SimpleCommandBus.class);
            assertThat(embedded.queryBus()).isInstanceOf(SimpleQueryBus.class);
        }
    }
}
