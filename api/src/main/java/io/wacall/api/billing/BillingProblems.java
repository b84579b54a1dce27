package io.wacall.api.billing;

import io.wacall.backend.billing.BillingException;
import io.wacall.backend.billing.RateCardCsvException;
import io.wacall.api.web.Problems;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.YearMonth;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The billing API's problems (RFC 9457, with the API's stable {@code code}), raised as
 * {@link ErrorResponseException}s for the API's common handler to render.
 */
final class BillingProblems {
  static final String INVALID_PARAMETER = "INVALID_PARAMETER";
  static final String INVALID_PHONE_NUMBER = "INVALID_PHONE_NUMBER";
  static final String INVALID_RATE_CARD = "INVALID_RATE_CARD";
  static final String NO_RATE_CARD = "NO_RATE_CARD";
  static final String RATE_CARD_NOT_FOUND = "RATE_CARD_NOT_FOUND";
  static final String BILLING_REFUSED = "BILLING_REFUSED";

  private BillingProblems() {}

  static ErrorResponseException error(HttpStatus status, String code, String detail) {
    return Problems.error(status, code, detail);
  }

  /** A query parameter that is missing or wrong; {@code parameter} names it. */
  static ErrorResponseException badParameter(String name, String detail) {
    return withParameter(error(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, detail), name);
  }

  /** A rate-card upload refused: {@code detail} has every problem, {@code errors} lists them by line. */
  static ErrorResponseException invalidRateCard(RateCardCsvException e) {
    ErrorResponseException problem = error(HttpStatus.BAD_REQUEST, INVALID_RATE_CARD, e.getMessage());
    problem.getBody().setProperty("errors", e.errors());
    return problem;
  }

  static ErrorResponseException of(BillingException e) {
    if (e instanceof BillingException.InvalidPhoneNumber) {
      return withParameter(error(HttpStatus.BAD_REQUEST, INVALID_PHONE_NUMBER, "'to' is " + e.getMessage()
          + ": give the number in international form, e.g. +5215512345678"), "to");
    }
    if (e instanceof BillingException.NoRateCard) {
      return error(HttpStatus.CONFLICT, NO_RATE_CARD, e.getMessage());
    }
    return error(HttpStatus.UNPROCESSABLE_ENTITY, BILLING_REFUSED, e.getMessage());
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

  private static ErrorResponseException withParameter(ErrorResponseException e, String parameter) {
    e.getBody().setProperty("parameter", parameter);
    return e;
  }
}
