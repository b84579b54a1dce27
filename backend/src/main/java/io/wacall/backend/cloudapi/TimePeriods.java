package io.wacall.backend.cloudapi;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * Meta's limit windows are ISO-8601 durations ({@code PT24H}, {@code P7D}; docs/meta-cloud-api.md#time-periods).
 * {@link Duration#parse} takes days and times but not weeks, months or years, so
 * weeks go through {@link Period}; months and years have no fixed length and are refused.
 */
final class TimePeriods {
  private TimePeriods() {}

  /** The window as a Duration, or null when {@code iso} is missing or has no fixed length. */
  static Duration parse(String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    String value = iso.trim().toUpperCase();
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException notADayTimeDuration) {
      try {
        Period period = Period.parse(value);
        if (period.getYears() != 0 || period.getMonths() != 0) {
          return null;
        }
        return Duration.ofDays(period.getDays());
      } catch (DateTimeParseException notAPeriod) {
        return null;
      }
    }
  }
}
