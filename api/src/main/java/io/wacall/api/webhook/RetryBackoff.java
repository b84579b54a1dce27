package io.wacall.api.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff for events that could not be dispatched: {@code initial} after the first
 * failure, doubled after each further one, never more than {@code max}. No attempt limit: an event
 * waits out any outage, at worst {@code max} late.
 */
public record RetryBackoff(Duration initial, Duration max) {
  public RetryBackoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
    }
  }

  /** The wait before the next attempt, after {@code failures} failed attempts (1 for the first). */
  public Duration delayAfter(int failures) {
    if (failures <= 1) {
      return initial;
    }
    // 2^62 ms overflows nothing; by then the cap has long applied
    int doublings = Math.min(failures - 1, 62);
    long maxMillis = max.toMillis();
    long initialMillis = initial.toMillis();
    if (initialMillis > (maxMillis >> doublings)) {
      return max;
    }
    return Duration.ofMillis(initialMillis << doublings);
  }
}
