package org.iom.idm.web;

import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.UserDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes forwarded by the web UI carry a bearer access token instead of a password: the command service accepts
 * a valid one and records the user it names, with that user's role and state from its own directory.
 */
class AccessTokenApiTest extends ApiTestSupport {

    private static final Duration FORWARD_TTL = Duration.ofMinutes(1);

    @Autowired
    private AccessTokens tokens;
    @Autowired
    private UserDirectory users;

    @Test
    void aWriteWithTheUsersAccessTokenIsRecordedAsThatUser() {
        String cid = newConsultation();
        String state = claimMemberState();
        String token = tokens.issue(users.loadUserByUsername(delegateOf(state)), FORWARD_TTL);

        String pid = assertCreated(anonymous().header("Authorization", "Bearer " + token)
                .post(proposalsOf(cid), Map.of("title", uniqueId("Token"), "summary", "Forwarded by the web UI.")), "id");

        assertThat(pid).isNotBlank();
        assertActor(lastEventOf(cid), delegateOf(state), "DELEGATE", state);
    }

    @Test
    void aForgedOrGarbledTokenIsRefusedAndChangesNothing() {
        String cid = newConsultation();
        long before = storedEventCount();

        assertProblem(anonymous().header("Authorization", "Bearer not-a-token")
                .post(proposalsOf(cid), Map.of("title", uniqueId("Forged"), "summary", "x")), 401, "UNAUTHENTICATED");
        String forged = new AccessTokens("another-secret-that-is-long-enough-to-sign", users)
                .issue(users.loadUserByUsername(SECRETARIAT), FORWARD_TTL);
        assertProblem(anonymous().header("Authorization", "Bearer " + forged)
                .post(proposalsOf(cid), Map.of("title", uniqueId("Forged"), "summary", "x")), 401, "UNAUTHENTICATED");

        assertThat(storedEventCount()).isEqualTo(before);
    }
}
