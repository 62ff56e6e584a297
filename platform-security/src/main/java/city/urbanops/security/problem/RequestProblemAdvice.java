package city.urbanops.security.problem;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every rejected request into RFC 9457 problem+json: bad bodies and parameters become a 400 that names the
 * offending field (in {@code detail} and under {@code errors}), unexpected failures a 500 that reveals nothing.
 * Lowest precedence, so a service's own advice wins where it handles the same exception.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RequestProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestProblemAdvice.class);
    private static final String BODY = "body";

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(e -> problems.add(fieldProblem(e)));
        ex.getBindingResult().getGlobalErrors()
                .forEach(e -> problems.add(new FieldProblem(e.getObjectName(), reason(e))));
        return badRequest(problems, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors errors) {
                errors.getFieldErrors().forEach(e -> problems.add(fieldProblem(e)));
            } else {
                String parameter = result.getMethodParameter().getParameterName();
                result.getResolvableErrors().forEach(e -> problems.add(new FieldProblem(parameter, reason(e))));
            }
        });
        return badRequest(problems, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldProblem problem = ex.getMostSpecificCause() instanceof JacksonException jackson
                && !jackson.getPath().isEmpty()
                ? new FieldProblem(jsonPath(jackson), "has a value of the wrong type or format")
                : new FieldProblem(BODY, "is missing or is not valid JSON");
        return badRequest(List.of(problem), request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        String expected = ex.getRequiredType() != null ? ex.getRequiredType().getSimpleName() : "the expected type";
        return badRequest(List.of(new FieldProblem(field, "cannot be read as " + expected)), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(List.of(new FieldProblem(ex.getParameterName(), "is required")), request);
    }

    /** Thrown by {@code @Validated} beans outside Spring MVC's own method validation. */
    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldProblem> problems = ex.getConstraintViolations().stream()
                .map(v -> new FieldProblem(leafName(v.getPropertyPath()), v.getMessage()))
                .toList();
        return badRequest(problems, request);
    }

    /** A role check inside the controller ({@code @PreAuthorize}) failed: same 403 as the filter chain's. */
    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, WebRequest request) {
        return problem(Problems.forbidden(), HttpStatus.FORBIDDEN, request);
    }

    /** Authentication required inside the controller: same 401 as the filter chain's. */
    @ExceptionHandler(AuthenticationException.class)
    public ResponseEntity<Object> handleAuthentication(AuthenticationException ex, WebRequest request) {
        return problem(Problems.unauthenticated(false), HttpStatus.UNAUTHORIZED, request);
    }

    /** Anything no handler expected: logged with its stack trace here, answered without internals. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unhandled failure on {}", describe(request), ex);
        return problem(Problems.internalError(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private ResponseEntity<Object> badRequest(List<FieldProblem> problems, WebRequest request) {
        return problem(Problems.invalidRequest(problems), HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<Object> problem(ProblemDetail problem, HttpStatus status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            problem.setInstance(java.net.URI.create(servlet.getRequest().getRequestURI()));
        }
        return ResponseEntity.status(status).body(problem);
    }

    private static FieldProblem fieldProblem(FieldError error) {
        return new FieldProblem(error.getField(), reason(error));
    }

    private static String reason(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    private static String jsonPath(JacksonException ex) {
        return ex.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String leafName(Path path) {
        String leaf = null;
        for (Path.Node node : path) {
            leaf = node.getName();
        }
        return leaf != null ? leaf : path.toString();
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }
}
