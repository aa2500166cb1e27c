package org.iom.idm.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §7: no secret that signs sessions is a constant in the code. The demo makes its own at first start in
 * the data folder, and both services accept exactly the tokens signed with that one.
 */
@ExtendWith(SystemUnderTestExtension.class)
class TokenSecretSystemTest {

    /** Every value that ever signed the demo's sessions from the code or its configuration. */
    private static final List<String> CONSTANTS_ONCE_IN_THE_CODE = List.of("demo-only-token-secret-never-in-production");

    private static final String NO_SUCH_CONSULTATION = "/api/consultations/no-such-consultation/open-voting";

    @Test
    void aTokenSignedWithAnyConstantOnceInTheCodeIsRefusedByBothServices(Api api) {
        for (String constant : CONSTANTS_ONCE_IN_THE_CODE) {
            String forged = token("chair", constant);
            assertThat(commandServiceAnswer(api, forged)).as("the command service, a chair's token signed with %s",
                    constant).isEqualTo(401);
            assertThat(queryServiceAnswer(api, forged)).as("the query service, a chair's token signed with %s",
                    constant).isEqualTo(401);
        }
    }

    @Test
    void bothServicesAcceptATokenSignedWithTheSecretTheDemoKeepsInTheirDataFolder(SystemUnderTest system)
            throws IOException {
        Path file = system.dataDir().resolve("token-secret");
        assertThat(file).as("the demo's secret in the shared data folder").isRegularFile();
        String own = token("chair", Files.readString(file, StandardCharsets.US_ASCII).strip());

        // Signed in, the chair is told what the same request with the chair's password gets.
        assertThat(commandServiceAnswer(system.api(), own)).as("the command service")
                .isNotEqualTo(401).isEqualTo(system.api().post("chair", NO_SUCH_CONSULTATION, null).status());
        assertThat(queryServiceAnswer(system.api(), own)).as("the query service").isEqualTo(200);
    }

    /** A write that changes nothing whoever sends it: the consultation does not exist. */
    private static int commandServiceAnswer(Api api, String token) {
        return send(api, HttpRequest.newBuilder(api.commandService().resolve(NO_SUCH_CONSULTATION))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private static int queryServiceAnswer(Api api, String token) {
        return send(api, HttpRequest.newBuilder(api.queryService().resolve("/api/consultations")).GET(), token);
    }

    private static int send(Api api, HttpRequest.Builder request, String token) {
        try {
            return api.http().send(request.header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** An HS256 token as the services issue them (AccessTokens), for {@code user}, signed with {@code secret}. */
    private static String token(String user, String secret) {
        long now = Instant.now().getEpochSecond();
        String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = base64Url("{\"iss\":\"idm-theme-selection\",\"sub\":\"" + user + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + "}");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
