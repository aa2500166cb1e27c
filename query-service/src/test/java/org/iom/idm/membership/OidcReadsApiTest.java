package org.iom.idm.membership;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.readmodel.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Profile oidc on the query service (CONTRACT §9), against a real OpenID Connect issuer in this JVM: its API takes
 * the issuer's access tokens, the staff role from the roles claim and a delegate's state and capacity from this
 * service's roster, and refuses expired, wrongly signed, wrong-issuer and wrong-audience tokens.
 */
@ActiveProfiles({"demo", "projection-test", "oidc"})
class OidcReadsApiTest extends AbstractProjectionTest {

    private static final String ISSUER = "idm-issuer";
    private static final String AUDIENCE = "idm-api";
    private static final MockOAuth2Server ISSUER_SERVER = new MockOAuth2Server();

    static {
        ISSUER_SERVER.start();
    }

    @Autowired
    private ApiClient api;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry properties) {
        properties.add("idm.security.oidc.issuer-uri", () -> ISSUER_SERVER.issuerUrl(ISSUER).toString());
        properties.add("idm.security.oidc.audience", () -> AUDIENCE);
        properties.add("idm.security.oidc.client-id", () -> "idm-web-ui");
        // A database of its own: two contexts' processors on one database would each project every event into it.
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:query-oidc-reads;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER_SERVER.shutdown();
    }

    @Test
    void theIssuersTokenIsAcceptedWithTheStaffRoleFromItsRolesClaim() {
        JsonNode me = me(token(ISSUER, "chair-person", List.of("CHAIR"), AUDIENCE, 3600));

        assertThat(me.path("username").asString()).isEqualTo("chair-person");
        assertThat(me.path("role").asString()).isEqualTo("CHAIR");
    }

    @Test
    void whomAPersonSpeaksForComesFromThisServicesRosterFromAccreditationToWithdrawal() {
        String state = newMemberStateCode();
        String person = "person-of-" + state.toLowerCase();
        String token = token(ISSUER, person, List.of("offline_access"), AUDIENCE, 3600);
        assertThat(me(token).path("memberState").isNull()).as("not accredited: reads only").isTrue();

        feedMemberState(state, new DelegateAccredited(state, person, Capacity.ALTERNATE));
        JsonNode accredited = me(token);
        assertThat(accredited.path("role").asString()).isEqualTo("DELEGATE");
        assertThat(accredited.path("memberState").asString()).isEqualTo(state);
        assertThat(accredited.path("capacity").asString()).isEqualTo("ALTERNATE");

        feedMemberState(state, new AccreditationWithdrawn(state, person, Capacity.ALTERNATE, "Left."));
        assertThat(me(token).path("memberState").isNull()).isTrue();
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(token(ISSUER, "secretariat", List.of("SECRETARIAT"), AUDIENCE, -3600));
    }

    @Test
    void aTokenSignedByAKeyNotInTheIssuersKeySetIsRefused() throws Exception {
        SignedJWT genuine = SignedJWT.parse(token(ISSUER, "secretariat", List.of("SECRETARIAT"), AUDIENCE, 3600));
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(genuine.getHeader()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate()));

        assertRefused(forged.serialize());
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        assertRefused(token("another-issuer", "secretariat", List.of("SECRETARIAT"), AUDIENCE, 3600));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertRefused(token(ISSUER, "secretariat", List.of("SECRETARIAT"), "another-api", 3600));
    }

    private JsonNode me(String token) {
        ApiClient.Reply reply = api.perform(get("/api/me").header("Authorization", "Bearer " + token));
        assertThat(reply.status()).as("%s", reply.text()).isEqualTo(200);
        return reply.json();
    }

    private void assertRefused(String token) {
        ApiClient.Reply reply = api.perform(get("/api/consultations").header("Authorization", "Bearer " + token));

        assertThat(reply.status()).as("%s", reply.text()).isEqualTo(401);
        assertThat(reply.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    private static String token(String issuer, String username, List<String> roles, String audience, long seconds) {
        return ISSUER_SERVER.issueToken(issuer, "idm-api-client", new DefaultOAuth2TokenCallback(issuer, username,
                "JWT", List.of(audience), Map.of("roles", roles), seconds)).serialize();
    }
}
