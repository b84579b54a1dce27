package io.wacall.api.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.wacall.backend.store.Keyset;
import io.wacall.backend.store.directory.FieldViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 problem details. Spring's own exceptions (bad JSON, a
 * missing parameter, a wrong method) keep Spring's mapping; Temporal outages become 503.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
  /** Retry-After of a 503 DATABASE_UNAVAILABLE: a restart or a fail-over of PostgreSQL takes seconds. */
  static final long DATABASE_RETRY_AFTER_SECONDS = 5;

  /** A constraint on a query or path parameter of a {@code @Validated} controller. */
  @ExceptionHandler(ConstraintViolationException.class)
  ProblemDetail constraintViolated(ConstraintViolationException e) {
    List<FieldViolation> violations = e.getConstraintViolations().stream()
        .map(v -> new FieldViolation(lastNode(v.getPropertyPath().toString()), v.getMessage()))
        .sorted(java.util.Comparator.comparing(FieldViolation::field))
        .toList();
    return Problems.invalid(violations).getBody();
  }

  /** A body that passed its size cap while it was read (a declared one is refused before). */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    return RequestSizeLimit.tooLarge(e)
        .<ResponseEntity<Object>>map(problem -> ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem))
        .orElseGet(() -> super.handleHttpMessageNotReadable(e, headers, status, request));
  }

  /** Spring's own 4xx (bad JSON, a wrong type, a missing parameter, a wrong method) get a {@code code} too. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem
        && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
      problem.setProperty("code", switch (status.value()) {
        case 400 -> ProblemCode.INVALID_REQUEST.name();
        case 404 -> "NOT_FOUND";
        case 405 -> "METHOD_NOT_ALLOWED";
        case 406 -> "NOT_ACCEPTABLE";
        case 413 -> ProblemCode.PAYLOAD_TOO_LARGE.name();
        case 415 -> "UNSUPPORTED_MEDIA_TYPE";
        default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "INVALID_REQUEST";
      });
    }
    return response;
  }

  /** An OpenAPI group that is not there (the sandbox's while the sandbox is off). */
  @ExceptionHandler(org.springdoc.api.OpenApiResourceNotFoundException.class)
  ProblemDetail noSuchDocument(RuntimeException e) {
    return Problems.problem(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage());
  }

  /** Anything unforeseen: logged with its stack trace, answered as a problem without internals. */
  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) throws Exception {
    if (e instanceof org.springframework.security.access.AccessDeniedException
        || e instanceof org.springframework.security.core.AuthenticationException) {
      throw e; // Spring Security's own 401/403 flow answers these
    }
    log.error("unexpected error", e);
    return Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "an unexpected error occurred; it is logged");
  }

  private static String lastNode(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** A list's cursor that is not one it gave under these filters: 400 naming {@code cursor}. */
  @ExceptionHandler(Keyset.InvalidCursorException.class)
  ProblemDetail badCursor(Keyset.InvalidCursorException e) {
    return Problems.invalid(List.of(new FieldViolation("cursor", e.getMessage()))).getBody();
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badArgument(IllegalArgumentException e) {
    return Problems.problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
  }

  /**
   * PostgreSQL cannot be reached, or not within {@code spring.datasource.hikari.connection-timeout}:
   * 503 with {@code Retry-After}, so that the caller (Meta, for a webhook) sends it again. Nothing
   * was stored; a write whose commit got no answer may have been, and a repeat is a no-op where the
   * write is keyed (webhook events by dedupe key).
   */
  @ExceptionHandler({CannotCreateTransactionException.class, TransactionSystemException.class,
      DataAccessResourceFailureException.class, TransientDataAccessException.class,
      RecoverableDataAccessException.class})
  ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
    log.warn("PostgreSQL is unavailable: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(DATABASE_RETRY_AFTER_SECONDS))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemCode.DATABASE_UNAVAILABLE.name(),
            "the database cannot be reached; nothing was stored: retry later"));
  }

  @ExceptionHandler({WorkflowServiceException.class, StatusRuntimeException.class})
  ProblemDetail temporalUnavailable(RuntimeException e) {
    Throwable cause = e instanceof StatusRuntimeException ? e : e.getCause();
    if (cause instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      log.warn("Temporal is unavailable: {}", s.getStatus());
      return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "WORKFLOW_ENGINE_UNAVAILABLE",
          "the workflow engine cannot be reached; retry later");
    }
    log.error("workflow service error", e);
    return Problems.problem(HttpStatus.BAD_GATEWAY, "WORKFLOW_ENGINE_ERROR", "the workflow engine answered with an error");
  }
}
