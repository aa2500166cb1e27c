package org.iom.idm.ui;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The page that sent a signed-out visitor to sign in, to return to afterwards. It travels as the sign-in page's
 * {@value #PARAMETER} parameter (and hidden field), since the web UI keeps no session. Anything that could lead
 * off this site counts as nothing: only a path of this origin, starting with a single {@code /}, of printable
 * ASCII without a backslash (browsers read one as a slash, and drop tabs and line breaks), and not the sign-in
 * or sign-out page.
 */
final class SignInReturn {

    static final String PARAMETER = "next";
    private static final int MAX_LENGTH = 2000;
    private static final Pattern SAFE_CHARACTERS = Pattern.compile("/[\\x21-\\x5b\\x5d-\\x7e]*");
    private static final Pattern SIGN_IN_OR_OUT = Pattern.compile("/log(in|out)([/;].*)?");
    /** A {@code .} or {@code ..} segment, also percent-encoded: the browser would resolve it, maybe to sign-in. */
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.\\.?(/|$)");

    private SignInReturn() {
    }

    /** The page a signed-out request asked for, if it is one to return to (only a GET can be repeated). */
    static Optional<String> askedBy(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return Optional.empty();
        }
        if (WebUiSecurityConfiguration.SIGN_IN.equals(request.getRequestURI())) {
            // The sign-in page with a sign-in no longer valid (e.g. after a refused write): its way back holds.
            return safe(request.getParameter(PARAMETER));
        }
        String query = request.getQueryString();
        return safe(request.getRequestURI() + (query == null ? "" : "?" + query));
    }

    /** The same page, if {@code next} is a path of this site to return to; empty for anything else. */
    static Optional<String> safe(String next) {
        if (next == null || next.length() > MAX_LENGTH || !SAFE_CHARACTERS.matcher(next).matches()
                || next.startsWith("//")) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(next);
            String path = uri.getPath();
            boolean onThisSite = uri.getScheme() == null && uri.getRawAuthority() == null && path != null
                    && path.startsWith("/") && !path.startsWith("//");
            boolean worthReturning = onThisSite && !DOT_SEGMENT.matcher(path).find()
                    && !SIGN_IN_OR_OUT.matcher(path).matches();
            return worthReturning ? Optional.of(next) : Optional.empty();
        } catch (URISyntaxException malformed) {
            return Optional.empty();
        }
    }

    /**
     * The sign-in page's address with an optional flag ({@code error}, {@code expired}, {@code wait=<seconds>}) and
     * the page to return to.
     */
    static String signInAddress(String flag, Optional<String> next) {
        String query = Stream.concat(Stream.ofNullable(flag),
                        next.map(page -> PARAMETER + "=" + URLEncoder.encode(page, StandardCharsets.UTF_8)).stream())
                .collect(Collectors.joining("&"));
        return WebUiSecurityConfiguration.SIGN_IN + (query.isEmpty() ? "" : "?" + query);
    }
}
