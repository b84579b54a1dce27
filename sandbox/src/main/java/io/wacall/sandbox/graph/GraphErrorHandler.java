package io.wacall.sandbox.graph;

import io.wacall.sandbox.SandboxIds;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure of the Graph endpoints answers in Graph's error shape, never Spring's. */
@RestControllerAdvice(assignableTypes = {GraphController.class, SandboxMediaController.class,
    CallAnalyticsController.class})
class GraphErrorHandler {
  private final SandboxIds ids;

  GraphErrorHandler(SandboxIds ids) {
    this.ids = ids;
  }

  @ExceptionHandler
  ResponseEntity<GraphErrorBody> graphError(GraphError error) {
    return ResponseEntity.status(error.httpStatus())
        .body(GraphErrorBody.of(error, ids.fbtraceId()));
  }

  @ExceptionHandler
  ResponseEntity<GraphErrorBody> unreadableBody(HttpMessageNotReadableException e) {
    return graphError(GraphError.invalidParameter("The request body is not valid JSON"));
  }

  @ExceptionHandler
  ResponseEntity<GraphErrorBody> missingParameter(MissingServletRequestParameterException e) {
    return graphError(
        GraphError.invalidParameter("The parameter " + e.getParameterName() + " is required"));
  }
}
