package org.iom.idm.idempotency;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Problems;
import org.iom.kit.web.BufferedRequest;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the {@value #HEADER} of a POST: 1 to 255 printable ASCII characters, else 400. The request is then
 * hashed (method, path and body) and both are kept for the commands it sends ({@link IdempotencyKeyMetaData}).
 * Other methods ignore the header: a PUT is idempotent by itself. Runs after the security filters, so a caller
 * who is not signed in is told that first, and after the body limit, so the body read here is bounded.
 */
@Component
class IdempotencyKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String ATTRIBUTE = IdempotentRequest.class.getName();
    private static final Pattern ACCEPTED = Pattern.compile("[\\x20-\\x7E]{1,255}");

    private final JsonMapper json;

    IdempotencyKeyFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> keys = Collections.list(request.getHeaders(HEADER));
        if (keys.size() != 1 || !ACCEPTED.matcher(keys.get(0)).matches()) {
            Problems.write(response, json, ErrorCode.MALFORMED_REQUEST,
                    "send one " + HEADER + " header of 1 to 255 printable ASCII characters");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        request.setAttribute(ATTRIBUTE, new IdempotentRequest(keys.get(0), hash(request, body)));
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /** What makes two requests the same one: the method, the path as sent (with its query) and the body. */
    private static String hash(HttpServletRequest request, byte[] body) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        String query = request.getQueryString();
        String target = request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query);
        digest.update(target.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        return HexFormat.of().formatHex(digest.digest(body));
    }
}
