package org.iom.kit.problem;

import jakarta.validation.ConstraintViolationException;
import org.iom.kit.persistence.StoreOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;
import java.util.Map;

/**
 * Turns every failure a client can cause into problem+json with a stable code; anything else is logged
 * and answered as an internal error without internals.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<Object> ruleViolation(RuleViolation violation) {
        ProblemDetail problem = Problems.of(violation.code(), violation.getMessage());
        if (!violation.fields().isEmpty()) {
            problem.setProperty("fields", violation.fields().stream()
                    .map(name -> field(name, violation.getMessage())).toList());
        }
        return Problems.answer(violation.code(), problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException violation) {
        ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, "the request has invalid fields");
        problem.setProperty("fields", violation.getConstraintViolations().stream()
                .map(v -> field(v.getPropertyPath().toString(), v.getMessage())).toList());
        return invalid(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException mismatch) {
        return problem(ErrorCode.VALIDATION_FAILED, "'" + mismatch.getName() + "' has an invalid value");
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException denied) {
        return problem(ErrorCode.FORBIDDEN, "you may not do this");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception failure) {
        RuleViolation violation = Failures.ruleViolationIn(failure);
        if (violation != null) {
            return ruleViolation(violation);
        }
        if (StoreOutage.in(failure)) {
            // Expected while the database is down or restarting; one line each, not a stack trace each.
            LOG.warn("Refused for want of the database: {}", failure.toString());
            return problem(ErrorCode.STORE_UNAVAILABLE, Problems.STORE_UNAVAILABLE_DETAIL);
        }
        LOG.error("Unexpected failure", failure);
        return problem(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred; it has been logged");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException invalid,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, "the request has invalid fields");
        List<Map<String, String>> fields = invalid.getBindingResult().getFieldErrors().stream()
                .map(error -> field(error.getField(), error.getDefaultMessage())).toList();
        problem.setProperty("fields", fields);
        return invalid(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException invalid,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, "the request has invalid values");
        problem.setProperty("fields", invalid.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> field(result.getMethodParameter().getParameterName(),
                                error.getDefaultMessage())))
                .toList());
        return invalid(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException unreadable,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return problem(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON of the expected shape");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException unsupported,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        return problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException refused,
                                                                      HttpHeaders headers, HttpStatusCode status,
                                                                      WebRequest request) {
        return problem(ErrorCode.NOT_ACCEPTABLE, "this resource is available as application/json");
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException unsupported, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return problem(ErrorCode.METHOD_NOT_ALLOWED, unsupported.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException missing,
                                                                    HttpHeaders headers, HttpStatusCode status,
                                                                    WebRequest request) {
        return problem(ErrorCode.NOT_FOUND, "no such resource");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ErrorCode code = Failures.codeForStatus(status.value());
        return problem(code, failure.getMessage());
    }

    private static ResponseEntity<Object> invalid(ProblemDetail problem) {
        return Problems.answer(ErrorCode.VALIDATION_FAILED, problem);
    }

    private static ResponseEntity<Object> problem(ErrorCode code, String detail) {
        return Problems.answer(code, Problems.of(code, detail));
    }

    private static Map<String, String> field(String name, String message) {
        return Map.of("field", name, "message", message == null ? "is invalid" : message);
    }
}
