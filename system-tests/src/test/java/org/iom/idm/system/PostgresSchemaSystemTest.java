package org.iom.idm.system;

import org.assertj.core.api.SoftAssertions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL schema as the two services left it, read from PostgreSQL's own catalogue after the other
 * system tests' scenarios ran on it: no column refers to a large object (no {@code oid}, no {@code lo}), the
 * serialized payloads, metadata and tokens are {@code bytea}, Flyway created every table (each one comes from
 * a migration recorded in one of the two services' history tables, and the whole schema equals the one that
 * Flyway alone makes from the same scripts on an empty database), and the event store's global index has no
 * gaps.
 *
 * <p>Runs last, and only in the PostgreSQL run (system-tests/pom.xml leaves it out of the H2 run).
 */
@ExtendWith(SystemUnderTestExtension.class)
@EnabledIfSystemProperty(named = TestDatabase.PROPERTY, matches = "postgres(ql)?",
        disabledReason = "reads PostgreSQL's catalogue: the PostgreSQL run only")
@Order(Integer.MAX_VALUE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSchemaSystemTest {

    /** Each service's Flyway history table (spring.flyway.table) and its scripts, in the order they migrate. */
    private static final Map<String, String> HISTORY_TABLES = new LinkedHashMap<>();

    static {
        HISTORY_TABLES.put("command-service", "flyway_history_command_service");
        HISTORY_TABLES.put("query-service", "flyway_history_query_service");
    }

    private static final String MIGRATIONS_IN_JAR = "BOOT-INF/classes/db/migration/";
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "\\bcreate\\s+(?:(?:global\\s+|local\\s+)?(?:temporary|temp)\\s+|unlogged\\s+)?table\\s+"
                    + "(?:if\\s+not\\s+exists\\s+)?(?:\"?public\"?\\.)?\"?([a-z_][a-z0-9_$]*)\"?",
            Pattern.CASE_INSENSITIVE);
    /** A later script may rename or drop a table, and then create one under the old name (a table rebuilt). */
    private static final Pattern RENAME_OR_DROP_TABLE = Pattern.compile(
            "\\balter\\s+table\\s+\"?([a-z_][a-z0-9_$]*)\"?\\s+rename\\s+to\\s+\"?([a-z_][a-z0-9_$]*)\"?"
                    + "|\\bdrop\\s+table\\s+(?:if\\s+exists\\s+)?\"?([a-z_][a-z0-9_$]*)\"?",
            Pattern.CASE_INSENSITIVE);
    /** Columns that hold serialized messages or tokens, wherever they appear. */
    private static final Pattern SERIALIZED_COLUMN = Pattern.compile("payload|meta_?data|token|serialized_.*|diagnostics");

    private SystemUnderTest system;
    private Map<String, Map<String, String>> scriptsByService;

    @BeforeAll
    void connect(SystemUnderTest system) {
        this.system = system;
        assertThat(system.database().kind()).as("the database of this run").isEqualTo(TestDatabase.Kind.POSTGRES);
        scriptsByService = new LinkedHashMap<>();
        scriptsByService.put("command-service", migrationScripts(system.commandServiceJar()));
        scriptsByService.put("query-service", migrationScripts(system.queryServiceJar()));
        scriptsByService.forEach((service, scripts) ->
                assertThat(scripts).as("migration scripts in the jar of %s", service).isNotEmpty());
    }

    @Test
    void noColumnRefersToALargeObject() throws SQLException {
        try (Connection db = system.database().connect()) {
            // Every column of every table, view and materialized view in the schema, with its type and, for a
            // domain such as the lo extension's, the type underneath.
            List<Map<String, String>> columns = query(db, """
                    select c.relname as table_name, a.attname as column_name,
                           format_type(a.atttypid, a.atttypmod) as type, t.typname as type_name,
                           coalesce(format_type(t.typbasetype, null), '') as base_type
                    from pg_catalog.pg_attribute a
                    join pg_catalog.pg_class c on c.oid = a.attrelid
                    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                    join pg_catalog.pg_type t on t.oid = a.atttypid
                    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
                      and a.attnum > 0 and not a.attisdropped
                    order by c.relname, a.attnum""");
            assertThat(columns).as("the columns in the catalogue")
                    .anyMatch(column -> column.get("table_name").equals("domain_event_entry")
                            && column.get("column_name").equals("payload"));
            List<String> largeObjects = columns.stream()
                    .filter(column -> List.of("oid", "lo").contains(column.get("type_name"))
                            || column.get("base_type").equals("oid"))
                    .map(column -> column.get("table_name") + "." + column.get("column_name") + " " + column.get("type"))
                    .toList();
            assertThat(largeObjects).as("columns of type oid or lo among %s columns", columns.size()).isEmpty();

            assertThat(query(db, "select column_name from information_schema.columns "
                    + "where table_schema = 'public' and (udt_name in ('oid', 'lo') or domain_name = 'lo')"))
                    .as("oid or lo columns in information_schema").isEmpty();
            assertThat(single(db, "select count(*) from pg_catalog.pg_largeobject_metadata"))
                    .as("large objects in the database").isEqualTo("0");
        }
    }

    @Test
    void serializedPayloadsMetadataAndTokensAreBytea() throws SQLException {
        try (Connection db = system.database().connect()) {
            Map<String, String> types = new TreeMap<>();
            for (Map<String, String> column : query(db, """
                    select table_name, column_name, data_type from information_schema.columns
                    where table_schema = 'public' order by table_name, ordinal_position""")) {
                if (SERIALIZED_COLUMN.matcher(column.get("column_name")).matches()) {
                    types.put(column.get("table_name") + "." + column.get("column_name"), column.get("data_type"));
                }
            }
            assertThat(types).containsKeys("domain_event_entry.payload", "domain_event_entry.meta_data",
                    "snapshot_event_entry.payload", "snapshot_event_entry.meta_data", "token_entry.token");
            assertThat(types).as("the types of the serialized columns").allSatisfy((column, type) ->
                    assertThat(type).as(column).isEqualTo("bytea"));
        }
    }

    @Test
    void everyTableComesFromAMigrationInAFlywayHistory() throws SQLException {
        try (Connection db = system.database().connect()) {
            // Which script of which service creates which table, read from the scripts in the services' jars.
            Map<String, String> creators = new TreeMap<>();
            List<String> createdTwice = new ArrayList<>();
            scriptsByService.forEach((service, scripts) -> scripts.keySet().stream()
                    .sorted(Comparator.comparingInt(PostgresSchemaSystemTest::version))
                    .forEach(script -> {
                        String sql = withoutComments(scripts.get(script));
                        // The script's creates, renames and drops, in the order they run.
                        TreeMap<Integer, MatchResult> statements = new TreeMap<>();
                        CREATE_TABLE.matcher(sql).results().forEach(match -> statements.put(match.start(), match));
                        RENAME_OR_DROP_TABLE.matcher(sql).results()
                                .forEach(match -> statements.put(match.start(), match));
                        for (MatchResult statement : statements.values()) {
                            if (statement.groupCount() == 1) {
                                String table = statement.group(1).toLowerCase();
                                String previous = creators.put(table, service + " " + script);
                                if (previous != null) {
                                    createdTwice.add(table + ": " + previous + " and " + service + " " + script);
                                }
                            } else if (statement.group(1) != null) {
                                String creator = creators.remove(statement.group(1).toLowerCase());
                                if (creator != null) {
                                    creators.put(statement.group(2).toLowerCase(), creator);
                                }
                            } else {
                                creators.remove(statement.group(3).toLowerCase());
                            }
                        }
                    }));
            assertThat(createdTwice).as("tables that two scripts create").isEmpty();

            // What each history records as applied.
            Map<String, List<String>> applied = new LinkedHashMap<>();
            for (Map.Entry<String, String> history : HISTORY_TABLES.entrySet()) {
                List<Map<String, String>> rows = query(db, "select version, script, type, success from "
                        + history.getValue() + " order by installed_rank");
                assertThat(rows).as("rows of %s", history.getValue()).isNotEmpty();
                assertThat(rows).as("failed migrations in %s", history.getValue())
                        .allMatch(row -> row.get("success").equals("t") || row.get("success").equals("true"));
                applied.put(history.getKey(), rows.stream().filter(row -> row.get("type").startsWith("SQL"))
                        .map(row -> row.get("script")).toList());
            }
            scriptsByService.forEach((service, scripts) -> assertThat(applied.get(service))
                    .as("scripts applied by %s (%s) against those in its jar", service, HISTORY_TABLES.get(service))
                    .containsExactlyInAnyOrderElementsOf(scripts.keySet()));

            List<String> tables = query(db, """
                    select table_name from information_schema.tables
                    where table_schema = 'public' order by table_name""").stream()
                    .map(row -> row.get("table_name")).toList();
            assertThat(tables).containsAll(HISTORY_TABLES.values()).contains("domain_event_entry", "token_entry");
            List<String> unaccounted = new ArrayList<>();
            for (String table : tables) {
                if (HISTORY_TABLES.containsValue(table)) {
                    continue; // Flyway's own
                }
                String creator = creators.get(table);
                if (creator == null) {
                    unaccounted.add(table + " (no migration script creates it)");
                } else {
                    String service = creator.substring(0, creator.indexOf(' '));
                    String script = creator.substring(creator.indexOf(' ') + 1);
                    if (!applied.get(service).contains(script)) {
                        unaccounted.add(table + " (" + creator + " is not in " + HISTORY_TABLES.get(service) + ")");
                    }
                }
            }
            assertThat(unaccounted).as("tables of %s that no applied migration created; the creators found: %s",
                    tables, creators).isEmpty();
        }
    }

    @Test
    void theSchemaIsTheOneFlywayAloneMakesFromTheSameScripts()
            throws SQLException, IOException {
        PostgresServer server = system.database().server();
        String reference = server.createDatabase("idm_st_ref");
        Path scripts = Files.createTempDirectory("idm-migrations-");
        try {
            // The services' own Flyway settings (spring.flyway in their application.yml), in the order in which
            // they migrate: the command service first, then the query service.
            for (Map.Entry<String, String> history : HISTORY_TABLES.entrySet()) {
                Path dir = Files.createDirectories(scripts.resolve(history.getKey()));
                for (Map.Entry<String, String> script : scriptsByService.get(history.getKey()).entrySet()) {
                    Path file = dir.resolve(script.getKey());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, script.getValue(), StandardCharsets.UTF_8);
                }
                Flyway.configure()
                        .dataSource(server.url(reference), server.user(), server.password())
                        .locations("filesystem:" + dir)
                        .table(history.getValue())
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .load()
                        .migrate();
            }
            try (Connection services = system.database().connect(); Connection flywayOnly = server.connect(reference)) {
                Map<String, String> catalogue = new LinkedHashMap<>();
                catalogue.put("relations", """
                        select table_name, table_type from information_schema.tables
                        where table_schema = 'public' order by 1""");
                catalogue.put("columns", """
                        select table_name, column_name, ordinal_position, data_type, udt_name,
                               character_maximum_length, numeric_precision, is_nullable, column_default
                        from information_schema.columns where table_schema = 'public' order by 1, 3""");
                catalogue.put("constraints", """
                        select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
                        from pg_catalog.pg_constraint where connamespace = 'public'::regnamespace order by 1, 2""");
                catalogue.put("indexes", """
                        select tablename, indexname, indexdef from pg_catalog.pg_indexes
                        where schemaname = 'public' order by 1, 2""");
                catalogue.put("sequences", """
                        select sequencename, data_type::text, start_value, increment_by from pg_catalog.pg_sequences
                        where schemaname = 'public' order by 1""");
                catalogue.put("functions and procedures", """
                        select p.proname, pg_get_function_identity_arguments(p.oid) from pg_catalog.pg_proc p
                        where p.pronamespace = 'public'::regnamespace order by 1, 2""");
                catalogue.put("triggers", """
                        select tgrelid::regclass::text, tgname from pg_catalog.pg_trigger
                        where not tgisinternal order by 1, 2""");
                for (String history : HISTORY_TABLES.values()) {
                    catalogue.put(history, "select version, description, type, script, checksum, success from "
                            + history + " order by installed_rank");
                }
                SoftAssertions differences = new SoftAssertions();
                catalogue.forEach((what, sql) -> differences.assertThat(lines(services, sql))
                        .as("%s in the services' database (actual) and in a database that Flyway alone migrated with "
                                + "the scripts from the services' jars (expected)", what)
                        .containsExactlyElementsOf(lines(flywayOnly, sql)));
                differences.assertAll();
                assertThat(lines(services, catalogue.get("relations"))).as("tables").hasSizeGreaterThan(10);
            }
        } finally {
            server.dropDatabase(reference);
            deleteQuietly(scripts);
        }
    }

    /**
     * CONTRACT §7: one event, one value of the global index, with no value ever left unused: the command service
     * numbers each transaction's events itself, under the append lock, from a counter that rolls back with it
     * (AppendsInCommitOrder). A creation that the event store refuses (409 ALREADY_EXISTS; EndToEndSystemTest
     * provokes one) leaves no gap either.
     */
    @Test
    void theGlobalIndexHasNoGaps() throws SQLException {
        Api api = system.api();
        try (Connection db = system.database().connect()) {
            // Some more writes, none refused: their events must take the next values, one by one.
            long lastBefore = lastGlobalIndex(db);
            String suffix = Long.toHexString(System.nanoTime());
            for (int i = 0; i < 5; i++) {
                api.post("secretariat", "/api/consultations", EndToEndSystemTest.body("id", "gaps-" + i + "-" + suffix,
                        "title", "Global index check " + i + " " + suffix, "question", "Gaps?")).expect(201);
            }
            Map<String, String> added = query(db, "select count(*) as events, min(global_index) as first, "
                    + "max(global_index) as last from domain_event_entry where global_index > " + lastBefore).get(0);
            long addedEvents = Long.parseLong(added.get("events"));
            assertThat(addedEvents).as("events appended by 5 creations after global index %s", lastBefore)
                    .isGreaterThanOrEqualTo(5);
            assertThat(added).as("the global index of the events appended after %s", lastBefore)
                    .containsEntry("first", Long.toString(lastBefore + 1))
                    .containsEntry("last", Long.toString(lastBefore + addedEvents));

            // The whole store, after the other system tests' scenarios, refused creations included.
            Map<String, String> index = query(db, """
                    select count(*) as events, min(global_index) as first, max(global_index) as last
                    from domain_event_entry""").get(0);
            // The demo seed appends 189 events (186 member states, a consultation and its two proposals).
            assertThat(Long.parseLong(index.get("events"))).as("events in the store").isGreaterThanOrEqualTo(189 + 5);
            List<String> gaps = query(db, """
                    select global_index + 1 as gap_from, next_index - 1 as gap_to from (
                        select global_index, lead(global_index) over (order by global_index) as next_index
                        from domain_event_entry) indexes
                    where next_index > global_index + 1 order by 1""").stream()
                    .map(gap -> gap.get("gap_from") + ".." + gap.get("gap_to")).toList();
            assertThat(gaps).as("gaps in the global index %s (creations refused: %s)", index, api.refusedCreations())
                    .isEmpty();
            assertThat(index.get("first")).as("the first global index").isEqualTo("1");
        }
    }

    /** A Flyway script's version: V10__x.sql runs after V2__y.sql. */
    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static long lastGlobalIndex(Connection db) throws SQLException {
        return Long.parseLong(single(db, "select coalesce(max(global_index), 0) from domain_event_entry"));
    }

    /** The migration scripts packed in a service's executable jar, by path under db/migration. */
    private static Map<String, String> migrationScripts(Path jar) {
        Map<String, String> scripts = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory() && entry.getName().startsWith(MIGRATIONS_IN_JAR)
                        && entry.getName().endsWith(".sql")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        scripts.put(entry.getName().substring(MIGRATIONS_IN_JAR.length()),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        return scripts;
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
    }

    private static List<Map<String, String>> query(Connection db, String sql) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), String.valueOf(result.getString(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String single(Connection db, String sql) throws SQLException {
        return query(db, sql).get(0).values().iterator().next();
    }

    private static List<String> lines(Connection db, String sql) {
        try {
            return query(db, sql).stream().map(row -> String.join(" | ", row.values())).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory
        }
    }
}
