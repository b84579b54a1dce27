package io.wacall.sandbox.graph;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Graph's error body: {@code
 * {"error":{"message","type","code","error_data":{"details"},"fbtrace_id"}}}.
 */
public record GraphErrorBody(Error error) {
  /** Graph gives every WhatsApp error the type OAuthException. */
  static final String TYPE = "OAuthException";

  @JsonNaming(SnakeCaseStrategy.class)
  public record Error(
      String message, String type, int code, ErrorData errorData, String fbtraceId) {}

  public record ErrorData(String details) {}

  static GraphErrorBody of(GraphError error, String fbtraceId) {
    return new GraphErrorBody(
        new Error(
            error.getMessage(), TYPE, error.code(), new ErrorData(error.details()), fbtraceId));
  }
}
