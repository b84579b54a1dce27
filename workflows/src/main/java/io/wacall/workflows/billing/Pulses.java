package io.wacall.workflows.billing;

import java.math.BigDecimal;

/**
 * Meta's calling price arithmetic. Business-initiated calls are billed "in 6-second pulses, with
 * each fractional pulse rounded up": a 56 s call is 9.33 pulses, billed as 10
 * (docs/meta-cloud-api.md#pulses). The rate is quoted per minute, so one pulse costs a tenth
 * of it. Everything is exact: whole pulses and {@link BigDecimal} money, never a {@code double}.
 */
public final class Pulses {
  /** Length of one billing pulse (Meta, calling pricing page: "6-second pulses"). */
  public static final int PULSE_SECONDS = 6;

  /** Pulses in one minute: a per-minute rate is charged one tenth per pulse. */
  public static final int PULSES_PER_MINUTE = 60 / PULSE_SECONDS;

  private Pulses() {}

  /** The pulses billed for a call that was connected this many seconds: ceil(seconds / 6). */
  public static long forDuration(long connectedSeconds) {
    if (connectedSeconds < 0) {
      throw new IllegalArgumentException("connected seconds cannot be negative: " + connectedSeconds);
    }
    long whole = connectedSeconds / PULSE_SECONDS;
    return connectedSeconds % PULSE_SECONDS == 0 ? whole : whole + 1;
  }

  /**
   * The price of {@code pulses} at a per-minute rate: rate x pulses / 10. Exact: the result has one
   * more decimal place than the rate, so nothing is ever rounded.
   */
  public static BigDecimal amount(BigDecimal ratePerMinute, long pulses) {
    if (ratePerMinute.signum() < 0) {
      throw new IllegalArgumentException("rate cannot be negative: " + ratePerMinute);
    }
    if (pulses < 0) {
      throw new IllegalArgumentException("pulses cannot be negative: " + pulses);
    }
    // x / 10 is a shift of the decimal point: exact at any scale.
    return ratePerMinute.multiply(BigDecimal.valueOf(pulses)).movePointLeft(1);
  }

  /** Billed minutes for a number of pulses, exactly (10 pulses = 1.0 minute). */
  public static BigDecimal minutes(long pulses) {
    return BigDecimal.valueOf(pulses).movePointLeft(1);
  }
}
