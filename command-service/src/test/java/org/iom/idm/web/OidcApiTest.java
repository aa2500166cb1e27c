package org.iom.idm.web;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.iom.idm.actor.Role;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile oidc (CONTRACT §9) against a real OpenID Connect issuer in this JVM: the API accepts the issuer's access
 * tokens, with the staff role from the roles claim and a delegate's state and capacity from the accreditation roster
 * (accredited, acting, withdrawn, refused), and refuses expired, wrongly signed, wrong-issuer and wrong-audience
 * tokens as it refuses any caller it does not know. Every caller of the shared helpers here signs in with one of the
 * issuer's tokens.
 */
@ActiveProfiles("oidc")
class OidcApiTest extends ApiTestSupport {

    private static final String ISSUER = "idm-issuer";
    private static final String AUDIENCE = "idm-api";
    private static final MockOAuth2Server ISSUER_SERVER = new MockOAuth2Server();

    static {
        ISSUER_SERVER.start();
        warmUp(ISSUER_SERVER);
    }

    @Autowired
    private AccessTokens tokens;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry properties) {
        properties.add("idm.security.oidc.issuer-uri", () -> ISSUER_SERVER.issuerUrl(ISSUER).toString());
        properties.add("idm.security.oidc.audience", () -> AUDIENCE);
        properties.add("idm.security.oidc.roles-claim", () -> "realm_access.roles");
        // A database of its own: the password profile's tests share theirs.
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:command-oidc;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER_SERVER.shutdown();
    }

    /** The issuer's access token for this API, with the staff role the user name suggests (none for a delegate). */
    @Override
    protected Caller as(String username) {
        return bearer(token(ISSUER, username, AUDIENCE, 3600));
    }

    @Test
    void theIssuersTokenIsAcceptedWithTheStaffRoleFromItsRolesClaim() {
        String cid = newConsultation();

        assertActor(lastEventOf(cid), SECRETARIAT, "SECRETARIAT", null);
    }

    @Test
    void aStaffRoleTheClaimDoesNotGrantIsNotGiven() {
        assertRejected(403, "FORBIDDEN", () -> as(OBSERVER).post("/api/consultations",
                Map.of("id", uniqueId("observer"), "title", "T", "question", "Q")));

        String scraper = token(ISSUER, "metrics", List.of("METRICS"), AUDIENCE, 3600);
        String sameNameWithoutTheRole = token(ISSUER, "metrics", List.of("offline_access"), AUDIENCE, 3600);
        assertThat(bearer(scraper).send("GET", "/actuator/prometheus", null, BodyPublishers.noBody()).status())
                .isEqualTo(200);
        assertProblem(bearer(sameNameWithoutTheRole).send("GET", "/actuator/prometheus", null,
                BodyPublishers.noBody()), 403, "FORBIDDEN");
    }

    @Test
    void aPersonWithoutAStaffRoleActsForTheStateTheRosterNames() {
        String cid = newConsultation();
        String state = claimMemberState();

        submitProposal(cid, delegateOf(state));

        assertActor(lastEventOf(cid), delegateOf(state), "DELEGATE", state);
    }

    @Test
    void whomAPersonSpeaksForComesFromTheRosterFromAccreditationToWithdrawal() {
        String cid = newConsultation();
        String state = claimMemberState();
        String person = uniqueId("person");
        assertRejected(403, "FORBIDDEN", () -> as(person).post(proposalsOf(cid),
                Map.of("title", uniqueId("Unaccredited"), "summary", "Not yet.")));

        assertCreated(as(SECRETARIAT).post("/api/member-states/" + state + "/accreditations",
                Map.of("user", person, "capacity", "ALTERNATE")), "user");
        assertCreated(as(person).post(proposalsOf(cid),
                Map.of("title", uniqueId("Accredited"), "summary", "As the alternate.")), "id");
        assertActor(lastEventOf(cid), person, "DELEGATE", state);
        assertThat(lastEventOf(cid).getMetaData().get("capacity")).isEqualTo("ALTERNATE");

        as(SECRETARIAT).post("/api/member-states/" + state + "/accreditations/" + person + "/withdraw",
                Map.of("reason", "Left the delegation."));
        long before = eventsOf(cid).size();
        assertRejected(403, "FORBIDDEN", () -> as(person).post(proposalsOf(cid),
                Map.of("title", uniqueId("Withdrawn"), "summary", "No longer.")));
        assertThat(eventsOf(cid)).hasSize(Math.toIntExact(before));
    }

    @Test
    void theWebUisForwardedTokenIsAcceptedWithTheRoleItWasIssuedFor() {
        String cid = newConsultation();
        String state = claimMemberState();
        String forwarded = tokens.issue(new IdmUser(delegateOf(state), null, Role.DELEGATE, null),
                Duration.ofMinutes(1));

        assertCreated(bearer(forwarded).post(proposalsOf(cid),
                Map.of("title", uniqueId("Forwarded"), "summary", "Through the web UI.")), "id");

        assertActor(lastEventOf(cid), delegateOf(state), "DELEGATE", state);
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(token(ISSUER, SECRETARIAT, AUDIENCE, -3600));
    }

    @Test
    void aTokenSignedByAKeyNotInTheIssuersKeySetIsRefused() throws Exception {
        SignedJWT genuine = SignedJWT.parse(token(ISSUER, SECRETARIAT, AUDIENCE, 3600));
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(genuine.getHeader()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate()));

        assertRefused(forged.serialize());
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        assertRefused(token("another-issuer", SECRETARIAT, AUDIENCE, 3600));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRefused(token(ISSUER, SECRETARIAT, "another-api", 3600));
    }

    @Test
    void noPasswordOfOursSignsAnyoneIn() {
        Reply refused = assertRejected(401, "UNAUTHENTICATED", () -> withCredentials(SECRETARIAT, PASSWORD)
                .post("/api/consultations", Map.of("id", uniqueId("basic"), "title", "T", "question", "Q")));

        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private void assertRefused(String token) {
        Reply refused = assertRejected(401, "UNAUTHENTICATED", () -> bearer(token)
                .post("/api/consultations", Map.of("id", uniqueId("refused"), "title", "T", "question", "Q")));
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
    }

    /** The first answer of a fresh issuer takes long enough for the service's discovery to give up waiting. */
    private static void warmUp(MockOAuth2Server server) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.wellKnownUrl(ISSUER).uri()).build(),
                    BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Caller bearer(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    /** The issuer's token for {@code username}, valid for {@code seconds} from now (in the past if negative). */
    private static String token(String issuer, String username, String audience, long seconds) {
        List<String> roles = List.of(SECRETARIAT, CHAIR, OBSERVER).contains(username)
                ? List.of(username.toUpperCase(Locale.ROOT)) : List.of("offline_access");
        return token(issuer, username, roles, audience, seconds);
    }

    private static String token(String issuer, String username, List<String> roles, String audience, long seconds) {
        return ISSUER_SERVER.issueToken(issuer, "idm-api-client", new DefaultOAuth2TokenCallback(issuer, username,
                "JWT", List.of(audience), Map.of("realm_access", Map.of("roles", roles)), seconds)).serialize();
    }
}
