package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.iom.kit.web.ServiceProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** CONTRACT §7: no secret that signs sessions is a constant in the code; the demo makes its own at first start. */
class TokenSecretTest {

    /** Every value that ever signed the demo's sessions from the code or its configuration. */
    private static final List<String> CONSTANTS_ONCE_IN_THE_CODE = List.of("demo-only-token-secret-never-in-production");
    /** The chair and the secretariat are all these tests sign in as. */
    private static final Delegations NO_ROSTER = username -> Optional.empty();
    private static final String CONFIGURED = "a-configured-secret-that-is-long-enough-for-hs256";

    @TempDir
    private Path dataDir;

    @Test
    void aTokenSignedWithAnyConstantOnceInTheCodeIsRefusedByTheDemo() {
        AccessTokens demo = tokens(demo(null), dataDir);
        for (String constant : CONSTANTS_ONCE_IN_THE_CODE) {
            String forged = new AccessTokens(constant, users()).issue(users().loadUserByUsername("chair"),
                    Duration.ofMinutes(5));

            assertThatThrownBy(() -> demo.authenticate(forged)).as("a chair's token signed with %s", constant)
                    .isInstanceOf(JwtException.class);
        }
    }

    @Test
    void twoFreshDemoDataFoldersGetDifferentSecrets() {
        String first = TokenSecret.of(demo(null), dataDir.resolve("first"));
        String second = TokenSecret.of(demo(null), dataDir.resolve("second"));

        assertThat(first).isNotEqualTo(second);
        assertThat(List.of(first, second)).allSatisfy(secret -> assertThat(secret).isNotIn(CONSTANTS_ONCE_IN_THE_CODE)
                .isBase64().hasSizeGreaterThanOrEqualTo(44));
    }

    @Test
    void theDemoSecretIsInTheDataFolderForItsOwnerOnly() throws IOException {
        Path folder = dataDir.resolve("not-yet-there");
        String secret = TokenSecret.of(demo(null), folder);

        Path file = folder.resolve(TokenSecret.FILE_NAME);
        assertThat(Files.readString(file).strip()).isEqualTo(secret);
        assumePosix(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(folder)) {
            assertThat(files).as("no draft left behind").containsExactly(file);
        }
    }

    @Test
    void aSecondStartReusesTheSecretSoSessionsSurviveARestart() {
        String session = tokens(demo(null), dataDir).issue(users().loadUserByUsername("delegate-phl"),
                Duration.ofMinutes(5));

        AccessTokens afterRestart = tokens(demo(null), dataDir);

        assertThat(((IdmUser) afterRestart.authenticate(session).getPrincipal()).username()).isEqualTo("delegate-phl");
    }

    @Test
    void twoServicesStartingAtOnceOnOneFolderShareOneSecret() throws Exception {
        int services = 4;
        ExecutorService starts = Executors.newFixedThreadPool(services);
        try {
            for (int round = 0; round < 25; round++) {
                Path folder = dataDir.resolve("round-" + round);
                CyclicBarrier atOnce = new CyclicBarrier(services);
                List<Future<String>> secrets = new ArrayList<>();
                for (int i = 0; i < services; i++) {
                    secrets.add(starts.submit(() -> {
                        atOnce.await();
                        return TokenSecret.of(demo(null), folder);
                    }));
                }
                Set<String> distinct = new HashSet<>();
                for (Future<String> secret : secrets) {
                    distinct.add(secret.get());
                }
                assertThat(distinct).as("round %d", round).hasSize(1)
                        .containsExactly(Files.readString(folder.resolve(TokenSecret.FILE_NAME)).strip());
            }
        } finally {
            starts.shutdownNow();
        }
    }

    @Test
    void aConfiguredSecretWinsOverTheDemoFolder() {
        assertThat(TokenSecret.of(demo(CONFIGURED), dataDir)).isEqualTo(CONFIGURED);
        assertThat(dataDir.resolve(TokenSecret.FILE_NAME)).doesNotExist();
    }

    @Test
    void outsideTheDemoStartupWithoutIdmTokenSecretIsRefused() {
        SecurityProperties production = properties(false, "");

        assertThatThrownBy(() -> tokens(production, dataDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IDM_TOKEN_SECRET");
        assertThat(dataDir.resolve(TokenSecret.FILE_NAME)).as("no secret made outside the demo").doesNotExist();
    }

    @Test
    void aDemoSecretOthersMayReadIsRefusedAtStartup() throws IOException {
        TokenSecret.of(demo(null), dataDir);
        Path file = dataDir.resolve(TokenSecret.FILE_NAME);
        assumePosix(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> TokenSecret.of(demo(null), dataDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aDemoSecretFileWithoutAFullSecretIsRefusedAtStartup() throws IOException {
        Path file = Files.writeString(dataDir.resolve(TokenSecret.FILE_NAME), "c2hvcnQ=\n");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }

        assertThatThrownBy(() -> TokenSecret.of(demo(null), dataDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("delete it");
    }

    private static void assumePosix(Path file) {
        assumeThat(file.getFileSystem().supportedFileAttributeViews()).as("a POSIX file system").contains("posix");
    }

    private static AccessTokens tokens(SecurityProperties properties, Path dataDir) {
        return new PasswordSecurityConfiguration().accessTokens(properties, new UserDirectory(properties,
                PasswordEncoderFactories.createDelegatingPasswordEncoder(), NO_ROSTER),
                new ServiceProperties(dataDir, null));
    }

    private static UserDirectory users() {
        return new UserDirectory(demo(null), PasswordEncoderFactories.createDelegatingPasswordEncoder(), NO_ROSTER);
    }

    private static SecurityProperties demo(String tokenSecret) {
        return properties(true, tokenSecret);
    }

    private static SecurityProperties properties(boolean demo, String tokenSecret) {
        // The demo has its own users (a chair, delegate-phl, ...); elsewhere they are configured.
        List<SecurityProperties.User> configured = demo ? List.of()
                : List.of(new SecurityProperties.User("chair", "{noop}x", Role.CHAIR));
        return new SecurityProperties(demo, "demo", configured,
                Duration.ofMinutes(1), 10, tokenSecret, Duration.ofHours(1), Duration.ofMinutes(1));
    }
}
