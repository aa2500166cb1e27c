package org.iom.idm.system;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docker/docker-compose.yml as {@code docker-compose config} reads it (no Docker engine needed): it parses, and
 * it wires both services to the postgres service with the profiles postgres and demo, waits for health before
 * starting what depends on it, and has Axon Server under the profile axonserver and Keycloak, with the realm the
 * services trust in profile oidc, under the profile oidc. The docker-compose binary is
 * required (CI installs it, see .ci/run): without it this test fails, it never skips.
 */
class DockerComposeConfigTest {

    private static final Path COMPOSE_FILE = Path.of(System.getProperty("idm.docker-compose.file",
            "../docker/docker-compose.yml")).toAbsolutePath().normalize();
    private static final Map<String, String> CONTAINER_PORTS = Map.of("command-service", "8080", "query-service", "8081");

    @Test
    void composeAcceptsTheFileAndWiresBothServicesToPostgres() {
        Map<String, Object> config = yaml(compose("config"));
        Map<String, Object> services = map(config, "services");
        assertThat(services).containsKeys("postgres", "command-service", "query-service");

        Map<String, Object> postgres = map(services, "postgres");
        Map<String, Object> postgresEnv = map(postgres, "environment");
        assertThat(String.valueOf(postgres.get("image"))).startsWith("postgres:");
        assertThat(postgres).as("postgres").containsKey("healthcheck");
        assertThat(postgresEnv).containsKeys("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");
        assertThat(String.valueOf(map(postgres, "healthcheck").get("test"))).contains("pg_isready");

        for (String name : List.of("command-service", "query-service")) {
            Map<String, Object> service = map(services, name);
            Map<String, Object> env = map(service, "environment");
            assertThat(Arrays.asList(String.valueOf(env.get("SPRING_PROFILES_ACTIVE")).split("\\s*,\\s*")))
                    .as("the Spring profiles of %s", name).contains("postgres", "demo");
            assertThat(env.get("IDM_DB_URL")).as("IDM_DB_URL of %s", name)
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + postgresEnv.get("POSTGRES_DB"));
            assertThat(env.get("IDM_DB_USER")).as("IDM_DB_USER of %s", name).isEqualTo(postgresEnv.get("POSTGRES_USER"));
            assertThat(env.get("IDM_DB_PASSWORD")).as("IDM_DB_PASSWORD of %s", name)
                    .isEqualTo(postgresEnv.get("POSTGRES_PASSWORD"));
            assertThat(condition(service, "postgres")).as("%s waits for postgres", name).isEqualTo("service_healthy");
            assertThat(String.valueOf(service.get("ports"))).as("ports of %s", name)
                    .contains("target=" + CONTAINER_PORTS.get(name));

            Map<String, Object> build = map(service, "build");
            Path dockerfile = Path.of(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile")));
            assertThat(dockerfile).as("the Dockerfile of %s", name).isRegularFile();
            assertThat(hasHealthCheck(service)).as("a health check for %s (compose or its Dockerfile)", name).isTrue();
        }
        assertThat(map(map(services, "query-service"), "environment").get("IDM_COMMAND_SERVICE_URL"))
                .as("the query service forwards the web UI's writes to the command service")
                .isEqualTo("http://command-service:" + CONTAINER_PORTS.get("command-service"));
        for (String name : List.of("command-service", "query-service")) {
            assertThat(map(map(services, name), "environment").get("IDM_TOKEN_SECRET"))
                    .as("no token secret written in the file for %s: the demo makes its own (CONTRACT §7)", name)
                    .isIn(null, "");
        }
        assertThat(dataVolume(map(services, "query-service")))
                .as("both services keep their data folder, and so the demo's token secret, in one volume")
                .isNotNull()
                .isEqualTo(dataVolume(map(services, "command-service")));
        assertThat(condition(map(services, "query-service"), "command-service"))
                .as("the query service waits for the command service, which creates the event store")
                .isEqualTo("service_healthy");

        // Every service something waits for to be healthy has a health check to be healthy by.
        services.forEach((name, service) -> {
            Object dependsOn = map(services, name).get("depends_on");
            if (dependsOn instanceof Map<?, ?> dependencies) {
                dependencies.forEach((dependency, how) -> {
                    if (how instanceof Map<?, ?> settings && "service_healthy".equals(settings.get("condition"))) {
                        assertThat(hasHealthCheck(map(services, String.valueOf(dependency))))
                                .as("%s waits for %s to be healthy, which has a health check", name, dependency)
                                .isTrue();
                    }
                });
            }
        });
    }

    @Test
    void axonServerIsUnderItsProfile() {
        assertThat(compose("config", "--profiles").lines().map(String::strip).toList()).contains("axonserver");
        assertThat(compose("--profile", "axonserver", "config", "--services").lines().map(String::strip).toList())
                .contains("postgres", "command-service", "query-service", "axonserver");
        Map<String, Object> services = map(yaml(compose("--profile", "axonserver", "config")), "services");
        Map<String, Object> axonServer = map(services, "axonserver");
        assertThat(String.valueOf(axonServer.get("image"))).startsWith("axoniq/axonserver:");
        assertThat(String.valueOf(axonServer.get("profiles"))).contains("axonserver");
        for (String name : List.of("command-service", "query-service")) {
            assertThat(map(map(services, name), "environment").get("AXON_SERVER_ADDRESS"))
                    .as("AXON_SERVER_ADDRESS of %s", name).isEqualTo("axonserver:8124");
        }
    }

    @Test
    void keycloakIsUnderItsProfileWithTheRealmTheServicesTrust() throws IOException {
        assertThat(compose("config", "--profiles").lines().map(String::strip).toList()).contains("oidc");
        Map<String, Object> services = map(yaml(compose("--profile", "oidc", "config")), "services");
        Map<String, Object> keycloak = map(services, "keycloak");
        Map<String, Object> keycloakEnv = map(keycloak, "environment");
        assertThat(String.valueOf(keycloak.get("image"))).startsWith("quay.io/keycloak/keycloak:");
        assertThat(String.valueOf(keycloak.get("profiles"))).contains("oidc");
        assertThat(String.valueOf(keycloak.get("command"))).contains("--import-realm");
        assertThat(hasHealthCheck(keycloak)).as("a health check for keycloak").isTrue();

        Object imports = ((List<?>) keycloak.get("volumes")).get(0);
        Path realmFile = Path.of(imports instanceof Map<?, ?> mount ? String.valueOf(mount.get("source"))
                : String.valueOf(imports).split(":")[0]).resolve("idm-realm.json");
        Map<String, Object> realm = yaml(Files.readString(realmFile, StandardCharsets.UTF_8));
        String issuer = keycloakEnv.get("KC_HOSTNAME") + "/realms/" + realm.get("realm");
        for (String name : List.of("command-service", "query-service")) {
            Map<String, Object> env = map(map(services, name), "environment");
            assertThat(env.get("IDM_OIDC_ISSUER_URI")).as("the issuer %s trusts", name).isEqualTo(issuer);
            assertThat(clientIds(realm)).as("the audience %s expects is a client of the realm", name)
                    .contains(String.valueOf(env.get("IDM_OIDC_AUDIENCE")));
        }
        Map<String, Object> queryEnv = map(map(services, "query-service"), "environment");
        Map<String, Object> webUi = clients(realm).stream()
                .filter(client -> client.get("clientId").equals(queryEnv.get("IDM_OIDC_CLIENT_ID"))).findFirst()
                .orElseThrow();
        assertThat(webUi.get("publicClient")).as("a public client: no secret in these files").isEqualTo(true);
        assertThat(queryEnv.get("IDM_OIDC_CLIENT_SECRET")).isIn(null, "");
        assertThat(map(webUi, "attributes").get("pkce.code.challenge.method")).isEqualTo("S256");
        assertThat(String.valueOf(webUi.get("redirectUris")))
                .contains("http://localhost:" + CONTAINER_PORTS.get("query-service") + "/login/oauth2/code/idm");
        assertThat(String.valueOf(realm.get("roles"))).contains("SECRETARIAT", "CHAIR", "OBSERVER", "METRICS");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> clients(Map<String, Object> realm) {
        return (List<Map<String, Object>>) realm.get("clients");
    }

    private static List<Object> clientIds(Map<String, Object> realm) {
        return clients(realm).stream().map(client -> client.get("clientId")).toList();
    }

    /** Runs docker-compose on the file with none of the caller's settings; fails unless it exits with 0. */
    private static String compose(String... arguments) {
        assertThat(COMPOSE_FILE).as("the compose file").isRegularFile();
        String binary = onPath("docker-compose").orElseGet(() -> fail("""
                docker-compose is not installed (on Debian: apt-get install docker-compose; CI's .ci/run installs \
                it). It only parses %s here, no Docker engine is needed.""".formatted(COMPOSE_FILE)));
        List<String> command = new ArrayList<>(List.of(binary, "-f", COMPOSE_FILE.toString()));
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("docker-compose-", ".out");
            Path errors = Files.createTempFile("docker-compose-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(COMPOSE_FILE.getParent().toFile())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile());
                // The file's defaults, not whatever this shell happens to set.
                builder.environment().keySet().removeIf(key -> key.startsWith("COMPOSE_") || key.startsWith("IDM_")
                        || key.startsWith("DOCKER_"));
                Process process = builder.start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within 120 s");
                }
                String out = Files.readString(output, StandardCharsets.UTF_8);
                String err = Files.readString(errors, StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as("exit code of %s\nstdout:\n%s\nstderr:\n%s",
                        String.join(" ", command), out, err).isZero();
                return out;
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static Optional<String> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static boolean hasHealthCheck(Map<String, Object> service) {
        Object healthcheck = service.get("healthcheck");
        if (healthcheck instanceof Map<?, ?> settings) {
            return !Boolean.TRUE.equals(settings.get("disable")) && settings.get("test") != null;
        }
        if (service.get("build") instanceof Map<?, ?> build) {
            Path dockerfile = Path.of(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile")));
            try {
                return Files.readAllLines(dockerfile, StandardCharsets.UTF_8).stream()
                        .anyMatch(line -> line.strip().startsWith("HEALTHCHECK") && !line.contains("NONE"));
            } catch (IOException e) {
                throw new AssertionError("cannot read " + dockerfile, e);
            }
        }
        return false;
    }

    /**
     * The named volume mounted at the images' data folder (IDM_DATA_DIR=/app/data in both Dockerfiles), whether
     * compose prints the mount short ({@code idm-data:/app/data:rw}, version 1) or long (a map, version 2).
     */
    private static Object dataVolume(Map<String, Object> service) {
        if (service.get("volumes") instanceof List<?> volumes) {
            for (Object volume : volumes) {
                if (volume instanceof Map<?, ?> mount && "volume".equals(mount.get("type"))
                        && "/app/data".equals(mount.get("target"))) {
                    return mount.get("source");
                }
                String[] parts = String.valueOf(volume).split(":");
                if (!(volume instanceof Map) && parts.length >= 2 && "/app/data".equals(parts[1])
                        && !parts[0].startsWith("/") && !parts[0].startsWith(".")) {
                    return parts[0];
                }
            }
        }
        return null;
    }

    private static Object condition(Map<String, Object> service, String dependency) {
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof Map<?, ?> dependencies && dependencies.get(dependency) instanceof Map<?, ?> how) {
            return how.get("condition");
        }
        return "no condition (depends_on: " + dependsOn + ")";
    }

    private static Map<String, Object> yaml(String text) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        assertThat(parsed).as("the output of docker-compose config:\n%s", text).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s in %s", key, parent.keySet()).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
