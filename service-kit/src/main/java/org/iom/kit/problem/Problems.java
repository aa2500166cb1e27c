package org.iom.kit.problem;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Builds the problem+json bodies of CONTRACT §5, and writes them where no controller is involved. */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:idm:problem:";
    /**
     * A request refused for want of the database may be sent again this many seconds later (Retry-After): a few
     * rounds of the readiness probe, which looks every half second.
     */
    private static final long STORE_RETRY_AFTER_SECONDS = 5;
    /** What a client is told when its request was refused for want of the database. */
    public static final String STORE_UNAVAILABLE_DETAIL = "the database cannot be reached right now; try again shortly";

    private Problems() {
    }

    public static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(TYPE_PREFIX + code.name().toLowerCase().replace('_', '-')));
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        return problem;
    }

    /** How many seconds the client should wait before it sends the request again, for codes where it should. */
    public static OptionalLong retryAfterSeconds(ErrorCode code) {
        return code == ErrorCode.STORE_UNAVAILABLE ? OptionalLong.of(STORE_RETRY_AFTER_SECONDS) : OptionalLong.empty();
    }

    /**
     * The answer that carries {@code problem}, made for {@code code}: problem+json whatever the client accepts (an
     * Accept header that cannot be parsed must not silence it), with Retry-After where the code has one.
     */
    public static <T> ResponseEntity<T> answer(ErrorCode code, T problem) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        retryAfterSeconds(code).ifPresent(seconds -> answer.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        return answer.body(problem);
    }

    /** For filters and security handlers, which answer before any controller advice can. */
    public static void write(HttpServletResponse response, JsonMapper json, ErrorCode code, String detail)
            throws IOException {
        response.setStatus(code.status().value());
        retryAfterSeconds(code).ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body(code, detail));
    }

    /** The problem's members, for writers that have no message converter at hand. */
    static Map<String, Object> body(ErrorCode code, String detail) {
        ProblemDetail problem = of(code, detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.putAll(problem.getProperties());
        return body;
    }
}
