package org.iom.idm.system;

import org.iom.idm.harness.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iom.idm.system.EndToEndSystemTest.body;

/**
 * CONTRACT §8, schedule, on PostgreSQL with the real jars: a voting window a few seconds ahead opens and closes by
 * itself, exactly once, while the command service is killed (no graceful stop) and restarted in between, its
 * closing instant passing while it is down; and with two command instances on one database, each deadline of
 * several consultations, and each silence procedure's deadline, acts exactly once. Counted in the event store
 * itself; the deadlines' table is empty at the end, so nothing is left to act again.
 *
 * <p>PostgreSQL run only (system-tests/pom.xml), with command-service processes and a database of its own.
 */
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduleSystemTest {

    private static final String SECRETARIAT = "secretariat";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration ACT_TIMEOUT = Duration.ofSeconds(60);
    private static final String VOTING_OPENED = "org.iom.idm.consultation.ConsultationEvent$VotingOpened";
    private static final String VOTING_CLOSED = "org.iom.idm.consultation.ConsultationEvent$VotingClosed";
    private static final String DECISION_RECORDED = "org.iom.idm.consultation.ConsultationEvent$DecisionRecorded";
    private static final List<String> OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private Path workDir;
    private Path dataDir;
    private TestDatabase database;
    private ServiceProcess commandA;
    private ServiceProcess commandB;
    private List<String> jvm;

    @BeforeAll
    void startOneCommandService() throws IOException {
        Assumptions.assumeTrue(TestDatabase.configuredKind() == TestDatabase.Kind.POSTGRES,
                "the schedule test belongs to the PostgreSQL run (system-tests/pom.xml)");
        workDir = Path.of(System.getProperty("idm.system-tests.work-dir", "target/system-tests/postgres"))
                .toAbsolutePath().resolve("schedules");
        Files.createDirectories(workDir);
        dataDir = Files.createTempDirectory(workDir, "data-");
        database = TestDatabase.createPostgres(dataDir);
        Path commandJar = ServiceLaunch.command().jar();
        jvm = ServiceLaunch.command().jvm(OPTIONS);
        commandA = ServiceProcess.onFreePort("command-a", commandJar, workDir);
        commandB = ServiceProcess.onFreePort("command-b", commandJar, workDir);
        commandA.start(jvm, database.serviceEnvironment());
        commandA.awaitHealthy(START_TIMEOUT);
    }

    @AfterAll
    void stopAll() {
        try {
            Stream.of(commandA, commandB).filter(p -> p != null).parallel().forEach(ServiceProcess::stop);
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    @Order(1)
    void aVotingWindowOpensAndClosesByItselfOnceThoughTheServiceIsKilledAndRestartedInBetween() {
        Api api = new Api(commandA.baseUri(), commandA.baseUri());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant closesAt = now.plusSeconds(16);
        String cid = scheduledConsultation(api, now.plusSeconds(6), closesAt);

        Await.until("voting opened by the system in " + cid, ACT_TIMEOUT, () -> count(cid, VOTING_OPENED) == 1);
        commandA.handle().ifPresent(ProcessHandle::destroyForcibly);
        commandA.stop();
        Await.until("the closing instant passing while the service is down", ACT_TIMEOUT,
                () -> Instant.now().isAfter(closesAt.plusSeconds(1)));
        assertThat(count(cid, VOTING_CLOSED)).as("closed while no command service ran").isZero();

        commandA.start(jvm, database.serviceEnvironment());
        commandA.awaitHealthy(START_TIMEOUT);
        Await.until("voting closed by the system in " + cid + " after the restart", ACT_TIMEOUT,
                () -> count(cid, VOTING_CLOSED) == 1);

        assertThat(count(cid, VOTING_OPENED)).isEqualTo(1);
        assertThat(count(cid, VOTING_CLOSED)).isEqualTo(1);
        assertThat(actors(cid)).containsOnly("system");
        // db-scheduler removes a deadline once its transaction has committed the events, a moment after them.
        Await.until("no deadline left to act", ACT_TIMEOUT, () -> pendingDeadlines() == 0);
    }

    @Test
    @Order(2)
    void withTwoCommandInstancesEachDeadlineActsExactlyOnce() {
        commandB.start(jvm, database.serviceEnvironment());
        commandB.awaitHealthy(START_TIMEOUT);
        List<Api> instances = List.of(new Api(commandA.baseUri(), commandA.baseUri()),
                new Api(commandB.baseUri(), commandB.baseUri()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> consultations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            consultations.add(scheduledConsultation(instances.get(i % 2), now.plusSeconds(8), now.plusSeconds(12)));
        }

        for (String cid : consultations) {
            Await.until("voting opened and closed by the system in " + cid, ACT_TIMEOUT,
                    () -> count(cid, VOTING_CLOSED) == 1);
        }
        Await.until("no deadline left to act", ACT_TIMEOUT, () -> pendingDeadlines() == 0);
        for (String cid : consultations) {
            assertThat(count(cid, VOTING_OPENED)).as("voting opened in %s", cid).isEqualTo(1);
            assertThat(count(cid, VOTING_CLOSED)).as("voting closed in %s", cid).isEqualTo(1);
            assertThat(actors(cid)).containsOnly("system");
        }
    }

    @Test
    @Order(3)
    void withTwoCommandInstancesEachSilenceDeadlineDecidesExactlyOnce() {
        List<Api> instances = List.of(new Api(commandA.baseUri(), commandA.baseUri()),
                new Api(commandB.baseUri(), commandB.baseUri()));
        Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(8);
        List<String> consultations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Api api = instances.get(i % 2);
            String cid = "silence-" + UUID.randomUUID().toString().substring(0, 8);
            api.post(SECRETARIAT, "/api/consultations", body("id", cid, "title", "Silence " + cid,
                    "question", "Which theme?", "procedure", "SILENCE")).expect(201);
            String pid = api.post(SECRETARIAT, "/api/consultations/" + cid + "/proposals",
                    body("title", "South-South Migration", "summary", "Suggested by the Administration."))
                    .expect(201).path("id").asString();
            api.post("chair", "/api/consultations/" + cid + "/circulate", body("selected", List.of(pid),
                    "text", "The draft decision.", "deadline", deadline.toString())).expect2xx();
            consultations.add(cid);
        }

        for (String cid : consultations) {
            Await.until("the silence procedure of " + cid + " decided by the system", ACT_TIMEOUT,
                    () -> count(cid, DECISION_RECORDED) == 1);
        }
        Await.until("no deadline left to act", ACT_TIMEOUT, () -> pendingDeadlines() == 0);
        for (String cid : consultations) {
            assertThat(count(cid, DECISION_RECORDED)).as("decisions in %s", cid).isEqualTo(1);
        }
    }

    /** A consultation with one proposal whose voting window is scheduled, made through {@code api}. */
    private static String scheduledConsultation(Api api, Instant opensAt, Instant closesAt) {
        String cid = "sched-" + UUID.randomUUID().toString().substring(0, 8);
        api.post(SECRETARIAT, "/api/consultations", body("id", cid, "title", "Scheduled " + cid,
                "question", "Which theme?", "schedule", Map.of("votingOpensAt", opensAt.toString(),
                        "votingClosesAt", closesAt.toString()))).expect(201);
        api.post(SECRETARIAT, "/api/consultations/" + cid + "/proposals",
                body("title", "Migration and Social Change", "summary", "Suggested by the Administration."))
                .expect(201);
        return cid;
    }

    private int count(String cid, String payloadType) {
        return query("select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type = ?",
                cid, payloadType).get(0);
    }

    /** Who acted on each VotingOpened and VotingClosed of the consultation, as their metadata records it. */
    private List<String> actors(String cid) {
        List<String> actors = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("""
                     select convert_from(meta_data, 'UTF8')::json ->> 'actor' from domain_event_entry
                     where aggregate_identifier = ? and payload_type in (?, ?)""")) {
            statement.setString(1, cid);
            statement.setString(2, VOTING_OPENED);
            statement.setString(3, VOTING_CLOSED);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    actors.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return actors;
    }

    /** Axon's deadlines only: the table also holds recurring tasks (the pruning of idempotency keys). */
    private int pendingDeadlines() {
        return query("select count(*) from scheduled_tasks where task_name = ?", "AxonDeadline").get(0);
    }

    private List<Integer> query(String sql, String... parameters) {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<Integer> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getInt(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
