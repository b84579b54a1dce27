package io.wacall.api.web;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 problem details. Spring's own exceptions (bad JSON, a
 * missing parameter, a wrong method) keep Spring's mapping; Temporal outages become 503.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badArgument(IllegalArgumentException e) {
    return Problems.problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
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
