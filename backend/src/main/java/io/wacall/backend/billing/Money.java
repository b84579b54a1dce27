package io.wacall.backend.billing;

import java.math.BigDecimal;

/** How money is shown: exact, plain (never 1E-7), without the padding zeros of a NUMERIC column. */
public final class Money {
  private Money() {}

  /** The same value at its smallest scale, but never below 0 decimal places ("10", not "1E+1"). */
  public static BigDecimal normalize(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** A decimal string for JSON and CSV: "0.0094", "0", "12.5". */
  public static String format(BigDecimal value) {
    return value == null ? null : normalize(value).toPlainString();
  }
}
