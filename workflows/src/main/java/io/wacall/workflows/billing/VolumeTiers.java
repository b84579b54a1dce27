package io.wacall.workflows.billing;

import java.math.BigDecimal;
import java.util.List;

/**
 * Meta's volume tiers (docs/meta-cloud-api.md#volume-tiers): the per-minute rate in a market may fall as the
 * business's month-to-date minutes there grow, and "a call that crosses a tier boundary is billed
 * entirely at the cheaper tier's rate".
 *
 * <p>A tier applies to volume beyond its {@code fromMinutes}: Meta's "0 - 50,000" tier has
 * {@code fromMinutes} 0 and its "50,001 - 250,000" tier has {@code fromMinutes} 50,000. A call
 * occupies the span (before, before + its pulses] of the month's volume; every tier that span touches
 * is a candidate and the cheapest of them prices the whole call. A call of zero pulses touches only
 * the tier its first pulse would have fallen into.
 *
 * <p>Volume is counted in pulses (a tenth of a minute) so that it stays a whole number.
 */
public final class VolumeTiers {

  /** One tier of a market: its lower bound in billed minutes and its rate per minute. */
  public record Tier(long fromMinutes, BigDecimal ratePerMinute) {
    public Tier {
      if (fromMinutes < 0) {
        throw new IllegalArgumentException("a tier cannot start below 0 minutes: " + fromMinutes);
      }
      if (ratePerMinute == null || ratePerMinute.signum() < 0) {
        throw new IllegalArgumentException("a tier needs a rate of at least 0: " + ratePerMinute);
      }
    }

    long fromPulses() {
      return Math.multiplyExact(fromMinutes, (long) Pulses.PULSES_PER_MINUTE);
    }
  }

  private VolumeTiers() {}

  /**
   * The index (0-based) of the tier that prices a call.
   *
   * @param tiers the market's tiers, ascending by {@code fromMinutes}, the first starting at 0
   * @param pulsesBefore the business's billed pulses in this market this month, before the call
   * @param callPulses the call's own pulses
   */
  public static int select(List<Tier> tiers, long pulsesBefore, long callPulses) {
    requireWellFormed(tiers);
    if (pulsesBefore < 0 || callPulses < 0) {
      throw new IllegalArgumentException("volume cannot be negative");
    }
    long after = Math.addExact(pulsesBefore, callPulses);
    // The tier of the call's first pulse: the last tier whose bound lies at or below the volume so far.
    int first = 0;
    while (first + 1 < tiers.size() && tiers.get(first + 1).fromPulses() <= pulsesBefore) {
      first++;
    }
    // The tier of its last pulse: the last tier whose bound lies strictly below the volume after it.
    int last = first;
    while (last + 1 < tiers.size() && tiers.get(last + 1).fromPulses() < after) {
      last++;
    }
    int cheapest = first;
    for (int i = first + 1; i <= last; i++) {
      // On a tie the later tier wins: it is the one the business has now reached.
      if (tiers.get(i).ratePerMinute().compareTo(tiers.get(cheapest).ratePerMinute()) <= 0) {
        cheapest = i;
      }
    }
    return cheapest;
  }

  private static void requireWellFormed(List<Tier> tiers) {
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("a market needs at least one tier");
    }
    if (tiers.get(0).fromMinutes() != 0) {
      throw new IllegalArgumentException("the first tier must start at 0 minutes");
    }
    for (int i = 1; i < tiers.size(); i++) {
      if (tiers.get(i).fromMinutes() <= tiers.get(i - 1).fromMinutes()) {
        throw new IllegalArgumentException("tiers must be strictly ascending by fromMinutes");
      }
    }
  }
}
