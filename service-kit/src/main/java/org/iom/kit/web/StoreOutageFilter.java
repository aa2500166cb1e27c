package org.iom.kit.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.persistence.StoreOutage;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Answers 503 {@code STORE_UNAVAILABLE} for a request that a filter after it could not serve for want of the
 * database, such as a sign-in that asks the accreditation roster whom a delegate speaks for (controllers' failures
 * are the exception handler's). Without it the failure would reach the servlet container, which logs a stack trace
 * for each such request while the database is down.
 */
public class StoreOutageFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutageFilter.class);

    private final JsonMapper json;

    public StoreOutageFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException failure) {
            if (!StoreOutage.in(failure) || response.isCommitted()) {
                throw failure;
            }
            LOG.warn("Refused for want of the database: {}", failure.toString());
            Problems.write(response, json, ErrorCode.STORE_UNAVAILABLE, Problems.STORE_UNAVAILABLE_DETAIL);
        }
    }
}
