package io.wacall.api.billing;

import io.wacall.activities.billing.BillingException;
import io.wacall.activities.billing.RateCardCsvException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The billing API's problems (RFC 9457), raised as {@link ErrorResponseException}s so that they
 * render as problem details through the API's common handling.
 */
final class BillingProblems {
  private BillingProblems() {}

  static ErrorResponseException problem(HttpStatus status, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setTitle(title);
    return new ErrorResponseException(status, body, null);
  }

  static ErrorResponseException badParameter(String name, String detail) {
    ErrorResponseException e = problem(HttpStatus.BAD_REQUEST, "Invalid parameter " + name, detail);
    e.getBody().setProperty("parameter", name);
    return e;
  }

  static ErrorResponseException invalidRateCard(RateCardCsvException e) {
    ErrorResponseException problem = problem(HttpStatus.BAD_REQUEST, "Invalid rate card", e.getMessage());
    problem.getBody().setProperty("errors", e.errors());
    return problem;
  }

  static ErrorResponseException of(BillingException e) {
    if (e instanceof BillingException.InvalidPhoneNumber) {
      return badParameter("to", "'to' is " + e.getMessage()
          + ": give the number in international form, e.g. +5215512345678");
    }
    if (e instanceof BillingException.NoRateCard) {
      return problem(HttpStatus.CONFLICT, "No rate card in effect", e.getMessage());
    }
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Billing request refused", e.getMessage());
  }

  static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeException e) {
      throw badParameter(name, name + " '" + value + "' is not an ISO-8601 instant, e.g. 2026-07-01T00:00:00Z");
    }
  }

  static YearMonth month(String value) {
    if (value == null || value.isBlank()) {
      throw badParameter("month", "month is required, as YYYY-MM");
    }
    try {
      return YearMonth.parse(value.strip());
    } catch (DateTimeException e) {
      throw badParameter("month", "month '" + value + "' is not YYYY-MM");
    }
  }

  static String optional(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
