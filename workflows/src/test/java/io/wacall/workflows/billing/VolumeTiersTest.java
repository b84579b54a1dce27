package io.wacall.workflows.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.workflows.billing.VolumeTiers.Tier;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeTiersTest {
  // Meta's first two tiers: "0 - 50,000" and "50,001 - 250,000" minutes; rates are examples.
  private static final List<Tier> TIERS = List.of(
      new Tier(0, new BigDecimal("0.0095")),
      new Tier(50_000, new BigDecimal("0.0076")),
      new Tier(250_000, new BigDecimal("0.0066")));

  private static final long MINUTE = Pulses.PULSES_PER_MINUTE;

  @Test
  void aCallWellInsideTheFirstTierIsPricedAtTheFirstTier() {
    assertThat(VolumeTiers.select(TIERS, 0, 10)).isZero();
    assertThat(VolumeTiers.select(TIERS, 1_000 * MINUTE, 10)).isZero();
  }

  @Test
  void aCallEndingExactlyOnTheBoundaryStaysInTheLowerTier() {
    // Minute 50,000 is the last minute of "0 - 50,000".
    assertThat(VolumeTiers.select(TIERS, 49_999 * MINUTE, MINUTE)).isZero();
  }

  @Test
  void aCallCrossingTheBoundaryIsPricedWhollyAtTheCheaperTier() {
    // 49,999.5 minutes so far, a one-minute call: half of it falls in "50,001 - 250,000".
    assertThat(VolumeTiers.select(TIERS, 49_999 * MINUTE + 5, MINUTE)).isEqualTo(1);
    // A single pulse past the boundary is enough.
    assertThat(VolumeTiers.select(TIERS, 50_000 * MINUTE - 1, 2)).isEqualTo(1);
  }

  @Test
  void aCallStartingAtTheBoundaryIsInTheNextTier() {
    assertThat(VolumeTiers.select(TIERS, 50_000 * MINUTE, 1)).isEqualTo(1);
  }

  @Test
  void aLongCallCrossingTwoBoundariesTakesTheCheapestTierItTouches() {
    assertThat(VolumeTiers.select(TIERS, 40_000 * MINUTE, 300_000 * MINUTE)).isEqualTo(2);
  }

  @Test
  void aZeroPulseCallIsInTheTierItsFirstPulseWouldHaveBeen() {
    assertThat(VolumeTiers.select(TIERS, 0, 0)).isZero();
    assertThat(VolumeTiers.select(TIERS, 50_000 * MINUTE, 0)).isEqualTo(1);
  }

  @Test
  void theCheaperTierWinsEvenIfACardListsItFirst() {
    // Meta's tiers fall; if a card's did not, "the cheaper tier" still decides.
    List<Tier> rising = List.of(new Tier(0, new BigDecimal("0.0050")), new Tier(10, new BigDecimal("0.0090")));
    assertThat(VolumeTiers.select(rising, 9 * MINUTE, 2 * MINUTE)).isZero();
    assertThat(VolumeTiers.select(rising, 10 * MINUTE, MINUTE)).isEqualTo(1);
  }

  @Test
  void aMarketWithOneRateHasOneTier() {
    List<Tier> flat = List.of(new Tier(0, new BigDecimal("0.0127")));
    assertThat(VolumeTiers.select(flat, 10_000_000 * MINUTE, 600)).isZero();
  }

  @Test
  void tiersMustStartAtZeroAndAscend() {
    assertThatThrownBy(() -> VolumeTiers.select(List.of(new Tier(5, BigDecimal.ONE)), 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VolumeTiers.select(
            List.of(new Tier(0, BigDecimal.ONE), new Tier(0, BigDecimal.TEN)), 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VolumeTiers.select(List.of(), 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
