package io.wacall.workflows.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PulsesTest {

  @Test
  void metasOwnExample_a56SecondCallIs9Point33Pulses_billedAs10() {
    assertThat(Pulses.forDuration(56)).isEqualTo(10);
  }

  @ParameterizedTest(name = "{0} s is {1} pulses")
  @CsvSource({
    "0, 0",    // a call that never connected costs nothing
    "1, 1",    // any fraction of a pulse is a whole pulse
    "5, 1",
    "6, 1",    // exactly one pulse
    "7, 2",    // one second into the next pulse
    "12, 2",
    "59, 10",
    "60, 10",  // a minute is ten pulses
    "61, 11",
    "3600, 600"
  })
  void everyFractionalPulseIsRoundedUp(long seconds, long pulses) {
    assertThat(Pulses.forDuration(seconds)).isEqualTo(pulses);
  }

  @Test
  void aPulseIsSixSecondsAndAMinuteIsTenPulses() {
    assertThat(Pulses.PULSE_SECONDS).isEqualTo(6);
    assertThat(Pulses.PULSES_PER_MINUTE).isEqualTo(10);
  }

  @Test
  void negativeSecondsAreRefused() {
    assertThatThrownBy(() -> Pulses.forDuration(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void amountIsRateTimesPulsesOverTen_exactly() {
    // 56 s at Mexico's public list rate 0.0094/min: 10 pulses = one minute.
    assertThat(Pulses.amount(new BigDecimal("0.0094"), 10)).isEqualByComparingTo("0.0094");
    // 7 s: 2 pulses = a fifth of the rate, no rounding anywhere.
    assertThat(Pulses.amount(new BigDecimal("0.0094"), 2)).isEqualByComparingTo("0.00188");
    // One pulse of the smallest rate still has its exact value.
    assertThat(Pulses.amount(new BigDecimal("0.00000001"), 1)).isEqualByComparingTo("0.000000001");
    // An hour.
    assertThat(Pulses.amount(new BigDecimal("0.0127"), 600)).isEqualByComparingTo("0.762");
  }

  @Test
  void amountCarriesOneMoreDecimalPlaceThanTheRate_soNothingIsRounded() {
    BigDecimal amount = Pulses.amount(new BigDecimal("0.0101"), 3);
    assertThat(amount.scale()).isEqualTo(5);
    assertThat(amount).isEqualTo(new BigDecimal("0.00303"));
  }

  @Test
  void zeroPulsesCostNothing() {
    assertThat(Pulses.amount(new BigDecimal("0.0121"), 0)).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void billedMinutesAreTenthsOfPulses() {
    assertThat(Pulses.minutes(10)).isEqualByComparingTo("1");
    assertThat(Pulses.minutes(11)).isEqualByComparingTo("1.1");
    assertThat(Pulses.minutes(0)).isEqualByComparingTo("0");
  }
}
