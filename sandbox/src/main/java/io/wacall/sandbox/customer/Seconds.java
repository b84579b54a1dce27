package io.wacall.sandbox.customer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Durations as the sandbox's REST API writes them: seconds, decimals allowed ("0.25"). */
public final class Seconds {
  private Seconds() {}

  /** Null stays null; precision beyond a millisecond is rounded away. */
  public static Duration toDuration(BigDecimal seconds) {
    if (seconds == null) {
      return null;
    }
    return Duration.ofMillis(
        seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /** {@code 30} rather than {@code 3E+1} or {@code 30.000}. */
  public static BigDecimal of(Duration duration) {
    BigDecimal seconds = BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros();
    return seconds.scale() < 0 ? seconds.setScale(0) : seconds;
  }
}
