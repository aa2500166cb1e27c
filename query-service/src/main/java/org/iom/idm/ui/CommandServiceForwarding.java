package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.IdmUser;
import org.iom.kit.security.SecurityProperties;
import org.iom.kit.web.CorrelationIdFilter;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * One origin for the browser: a write sent to this service goes on to the command service, with a fresh access
 * token of the signed-in user (so the events name the real actor) and the request's correlation id. The answer
 * comes back as the command service gave it, once this service's read models show the change.
 */
@RestController
class CommandServiceForwarding {

    /** The request headers the command service reads; the Idempotency-Key makes a retried write count once. */
    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE,
            "Idempotency-Key");
    /** The command service's answer headers worth passing on; hop-by-hop and framing headers are not. */
    private static final List<String> ANSWER_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION);

    private final RestClient commandService;
    private final AccessTokens tokens;
    private final Duration forwardTtl;
    private final ReadModelsCaughtUp readModels;

    CommandServiceForwarding(CommandServiceProperties commandService, AccessTokens tokens, SecurityProperties security, ReadModelsCaughtUp readModels) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(commandService.timeout()).build());
        requests.setReadTimeout(commandService.timeout());
        this.commandService = RestClient.builder().baseUrl(commandService.url().toString()).requestFactory(requests)
                .build();
        this.tokens = tokens;
        this.forwardTtl = security.forwardTtl();
        this.readModels = readModels;
    }

    @RequestMapping(path = "/api/**", method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH,
            RequestMethod.DELETE})
    ResponseEntity<byte[]> forward(HttpServletRequest request, @RequestBody(required = false) byte[] body,
                                   @AuthenticationPrincipal IdmUser user) {
        String query = request.getQueryString();
        URI target = URI.create(request.getRequestURI() + (query == null ? "" : "?" + query));
        RestClient.RequestBodySpec call = commandService.method(HttpMethod.valueOf(request.getMethod()))
                .uri(target.toString())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.issue(user, forwardTtl))
                .header(CorrelationIdFilter.HEADER, MDC.get(CorrelationIdFilter.MDC_KEY));
        REQUEST_HEADERS.forEach(name -> {
            String value = request.getHeader(name);
            if (value != null) {
                call.header(name, value);
            }
        });
        if (body != null) {
            call.body(body);
        }
        ResponseEntity<byte[]> answer;
        try {
            answer = call.exchange((sent, response) -> {
                HttpHeaders headers = new HttpHeaders();
                ANSWER_HEADERS.forEach(name -> {
                    String value = response.getHeaders().getFirst(name);
                    if (value != null) {
                        headers.set(name, value);
                    }
                });
                return new ResponseEntity<>(response.getBody().readAllBytes(), headers, response.getStatusCode());
            });
        } catch (ResourceAccessException unreachable) {
            throw new RuleViolation(ErrorCode.SERVICE_UNAVAILABLE,
                    "the command service did not answer; the change may not have been made, so reload and check "
                            + "before trying again");
        }
        if (answer.getStatusCode().is2xxSuccessful()) {
            readModels.awaitCurrent();
        }
        return answer;
    }
}
