package org.iom.kit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Problems;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Refuses request bodies over the limit before any handler runs: at once when the declared length is too
 * large; a body of undeclared length (chunked) is read up to the limit first, which also refuses oversize
 * bodies sent to endpoints that would never read them.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final String TRANSFER_ENCODING = "Transfer-Encoding";

    private final int limit;
    private final JsonMapper json;

    public RequestBodyLimitFilter(int limit, JsonMapper json) {
        this.limit = limit;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response);
            return;
        }
        if (declared < 0 && request.getHeader(TRANSFER_ENCODING) != null) {
            byte[] body = request.getInputStream().readNBytes(limit + 1);
            if (body.length > limit) {
                refuse(response);
                return;
            }
            chain.doFilter(new BufferedRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        Problems.write(response, json, ErrorCode.PAYLOAD_TOO_LARGE, "the request body exceeds " + limit + " bytes");
    }
}
