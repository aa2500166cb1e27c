package org.iom.kit.problem;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers what the servlet container forwards to its error page (requests refused before any controller,
 * such as malformed paths) in problem+json like every other error. Asked for directly, there is nothing here.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        ErrorCode code = Failures.codeForwardedTo(request);
        String detail = code == ErrorCode.NOT_FOUND ? "no such resource" : code.title().toLowerCase();
        return Problems.answer(code, Problems.of(code, detail));
    }
}
