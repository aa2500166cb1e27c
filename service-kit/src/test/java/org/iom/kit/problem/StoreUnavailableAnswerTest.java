package org.iom.kit.problem;

import jakarta.servlet.ServletException;
import org.iom.kit.web.StoreOutageFilter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request that a filter could not serve for want of the database (a sign-in that asks the roster, say) is
 * answered 503 STORE_UNAVAILABLE in problem+json with Retry-After; any other failure goes on as it was.
 */
class StoreUnavailableAnswerTest {

    private final StoreOutageFilter filter = new StoreOutageFilter(JsonMapper.builder().build());

    @Test
    void aFilterFailingForWantOfTheDatabaseIsAStoreUnavailableProblemWithRetryAfter() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(new MockHttpServletRequest("PUT", "/api/x"), response, (request, ignored) -> {
            throw new CannotCreateTransactionException("no connection",
                    new SQLTransientConnectionException("Connection is not available, request timed out"));
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(response.getContentAsString()).contains("\"code\":\"STORE_UNAVAILABLE\"", "\"status\":503");
    }

    @Test
    void anyOtherFailureGoesOnUntouched() {
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("GET", "/api/x"), response,
                (request, ignored) -> {
                    throw new ServletException("a bug");
                })).isInstanceOf(ServletException.class);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void storeUnavailableIsA503ThatTellsWhenToTryAgain() throws IOException {
        assertThat(ErrorCode.STORE_UNAVAILABLE.status().value()).isEqualTo(503);
        assertThat(Problems.retryAfterSeconds(ErrorCode.STORE_UNAVAILABLE)).isPresent();
        assertThat(Problems.retryAfterSeconds(ErrorCode.SERVICE_UNAVAILABLE)).isEmpty();
    }
}
