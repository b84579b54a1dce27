package io.wacall.api.web;

import io.wacall.backend.customer.CustomerNumbers;
import io.wacall.backend.store.directory.FieldViolation;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problem details with a stable machine-readable {@code code}. */
public final class Problems {
  private Problems() {}

  public static ProblemDetail problem(HttpStatus status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(status.getReasonPhrase());
    problem.setType(URI.create("https://wacall.io/problems/" + code.toLowerCase().replace('_', '-')));
    problem.setProperty("code", code);
    return problem;
  }

  /** 400 INVALID_REQUEST listing every field or parameter that is wrong in {@code errors}. */
  public static ErrorResponseException invalid(List<FieldViolation> violations) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST",
        violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; ")));
    problem.setProperty("errors", violations);
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }

  /**
   * A customer's number as Meta's wa_id (its digits), else 400 INVALID_PHONE_NUMBER naming the
   * field or parameter in {@code errors}: the one way the API reads a customer number.
   */
  public static String waId(String field, String number) {
    try {
      return CustomerNumbers.waId(number);
    } catch (CustomerNumbers.InvalidCustomerNumber e) {
      String detail = field + " is " + e.getMessage() + ": give the customer's number in international form,"
          + " e.g. 5521987650001 or +55 21 98765-0001";
      ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemCode.INVALID_PHONE_NUMBER.name(), detail);
      problem.setProperty("errors", List.of(new FieldViolation(field, e.getMessage())));
      throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
  }

  public static ErrorResponseException error(HttpStatus status, String code, String detail) {
    return new ErrorResponseException(status, problem(status, code, detail), null);
  }

  /** Adds {@code Retry-After} in whole seconds (at least 1) until {@code retryAt}, when it is known. */
  public static ErrorResponseException retryAfter(ErrorResponseException error, Instant retryAt, Clock clock) {
    if (retryAt != null) {
      long seconds = Math.max(1, Duration.between(clock.instant(), retryAt).toSeconds());
      error.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
    return error;
  }
}
