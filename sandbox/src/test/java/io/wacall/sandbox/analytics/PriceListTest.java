package io.wacall.sandbox.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** Meta's pricing rules as the sandbox plays them, on a rate card and mapping in Meta's CSV forms. */
class PriceListTest {
  private final PriceList prices = PriceList.read(new ClassPathResource("sandbox-prices/rate-card.csv"),
      new ClassPathResource("sandbox-prices/market-regions.csv"));

  @Test
  void aCallIsBilledPerStartedSixSecondsAtATenthOfTheMinuteRate_inTheMarketOfTheNumbersCountry() {
    PriceList.Price price = prices.price("447700900123", 56, market -> 0).orElseThrow();

    assertThat(price.market()).isEqualTo("United Kingdom");
    assertThat(price.pulses()).isEqualTo(10); // 56 s: 9 whole pulses and a started one
    assertThat(price.amount()).isEqualByComparingTo("0.0600"); // 0.0600 a minute, 10 pulses
    assertThat(prices.price("5521987650001", 6, market -> 0).orElseThrow().amount()).isEqualByComparingTo("0.0010");
    assertThat(prices.price("4915112345678", 0, market -> 0).orElseThrow())
        .isEqualTo(new PriceList.Price("Other", 0, new BigDecimal("0.00000")));
  }

  @Test
  void aCallThatCrossesATierBoundaryIsBilledEntirelyAtTheCheaperTiersRate() {
    // United Kingdom: 0.0600 up to its first minute of the month, 0.0300 beyond it
    assertThat(prices.price("447700900123", 30, market -> 0).orElseThrow().amount()).isEqualByComparingTo("0.0300");
    assertThat(prices.price("447700900123", 30, market -> 8).orElseThrow().amount()).as("pulses 9 to 13")
        .isEqualByComparingTo("0.0150");
    assertThat(prices.price("447700900123", 30, market -> 5).orElseThrow().amount()).as("pulses 6 to 10, all in the first")
        .isEqualByComparingTo("0.0300");
    assertThat(prices.price("447700900123", 30, market -> 10).orElseThrow().amount()).as("beyond the first minute")
        .isEqualByComparingTo("0.0150");
  }

  @Test
  void aMarketThatCannotBeCalled_orANumberOfNoCountry_isNotPriced() {
    assertThat(prices.price("12025550123", 60, market -> 0)).isEmpty();
    assertThat(prices.price("999", 60, market -> 0)).isEmpty();
  }
}
