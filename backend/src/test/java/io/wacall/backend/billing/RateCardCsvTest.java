package io.wacall.backend.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateCardCsvTest {
  private static final MarketMapping MAPPING = MarketMapping.fromClasspath(DefaultRateCard.MARKET_MAPPING);
  private static final String HEADER = "market,tier_from_minutes,rate_per_minute,currency\n";

  private static List<RateCardCsv.Line> parse(String csv) {
    return RateCardCsv.parse(csv, MAPPING);
  }

  private static RateCardCsvException refused(String csv) {
    try {
      parse(csv);
    } catch (RateCardCsvException e) {
      return e;
    }
    throw new AssertionError("the card was accepted");
  }

  @Test
  void aCardIsMarketTierRateAndCurrency() {
    List<RateCardCsv.Line> lines = parse(HEADER
        + "Mexico,0,0.0094,USD\n"
        + "Mexico,50000,0.0080,USD\n"
        + "Egypt,0,N/A,USD\n");
    assertThat(lines).containsExactly(
        new RateCardCsv.Line(2, "Mexico", 0, new BigDecimal("0.0094"), "USD"),
        new RateCardCsv.Line(3, "Mexico", 50000, new BigDecimal("0.0080"), "USD"),
        new RateCardCsv.Line(4, "Egypt", 0, null, "USD"));
  }

  @Test
  void theShippedDefaultCardIsValid() {
    List<RateCardCsv.Line> lines = parse(DefaultRateCard.readClasspath(DefaultRateCard.RATES));
    // Every market of the mapping has a line: the 21 named, 4 N/A, 6 "Rest of" groups and Other.
    assertThat(lines.stream().map(RateCardCsv.Line::market).distinct())
        .containsExactlyInAnyOrderElementsOf(MAPPING.markets())
        .hasSize(32);
  }

  @Test
  void anUnknownMarketIsRefusedNamingItsLine() {
    RateCardCsvException e = refused(HEADER + "Mexico,0,0.0094,USD\nBrasil,0,0.01,USD\n");
    assertThat(e.errors()).extracting(RateCardCsvException.LineError::line).containsExactly(3);
    assertThat(e.getMessage()).startsWith("line 3: unknown market 'Brasil'");
  }

  @Test
  void marketNamesMatchWithoutRegardToCase() {
    assertThat(parse(HEADER + "rest of western europe,0,0.01,usd\n").get(0))
        .isEqualTo(new RateCardCsv.Line(2, "Rest of Western Europe", 0, new BigDecimal("0.01"), "USD"));
  }

  @Test
  void aNegativeRateIsRefused() {
    assertThat(refused(HEADER + "Mexico,0,-0.0094,USD\n").getMessage())
        .isEqualTo("line 2: negative rate -0.0094");
  }

  @Test
  void aDuplicateTierIsAnOverlapAndRefused() {
    assertThat(refused(HEADER + "Mexico,0,0.0094,USD\nChile,0,0.0121,USD\nMexico,0,0.0090,USD\n").getMessage())
        .startsWith("line 4: duplicate tier: Mexico already has a tier from 0 minutes on line 2");
  }

  @Test
  void aMissingColumnInTheHeaderIsRefused() {
    assertThat(refused("market,tier_from_minutes,currency\nMexico,0,USD\n").getMessage())
        .startsWith("line 1: the header lacks rate_per_minute");
  }

  @Test
  void aLineWithAMissingFieldIsRefused() {
    assertThat(refused(HEADER + "Mexico,0,0.0094,USD\nChile,0,0.0121\n").getMessage())
        .isEqualTo("line 3: expected 4 fields (market,tier_from_minutes,rate_per_minute,currency), found 3");
  }

  @Test
  void aMarketsTiersMustStartAtZero() {
    assertThat(refused(HEADER + "Mexico,100,0.0094,USD\nMexico,500,0.0080,USD\n").getMessage())
        .isEqualTo("line 2: Mexico's lowest tier starts at 100 minutes; the first tier must start at 0");
  }

  @Test
  void naStandsAlone() {
    assertThat(refused(HEADER + "Egypt,0,N/A,USD\nEgypt,1000,0.01,USD\n").getMessage())
        .isEqualTo("line 3: Egypt is N/A on line 2 and cannot also have a tier");
  }

  @Test
  void aRateWithMoreDecimalPlacesThanTheLedgerKeepsIsRefused_notRounded() {
    assertThat(refused(HEADER + "Mexico,0,0.000000001,USD\n").getMessage())
        .isEqualTo("line 2: rate 0.000000001 has more than 8 decimal places");
    // Trailing zeros are not precision.
    assertThat(parse(HEADER + "Mexico,0,0.00940000000,USD\n").get(0).ratePerMinute())
        .isEqualByComparingTo("0.0094");
  }

  @Test
  void numbersMustBePlain() {
    RateCardCsvException e = refused(HEADER + "Mexico,0,1e-3,USD\nChile,1.5,0.01,USD\nPeru,0,0.0121,US\n");
    assertThat(e.errors()).extracting(Object::toString).containsExactly(
        "line 2: rate_per_minute '1e-3' is not a decimal number or N/A",
        "line 3: tier_from_minutes '1.5' is not a whole number of minutes",
        "line 4: currency 'US' is not an ISO 4217 code");
  }

  @Test
  void aCardHasOneCurrency() {
    assertThat(refused(HEADER + "Mexico,0,0.0094,USD\nSpain,0,0.01,EUR\n").getMessage())
        .isEqualTo("line 3: currency EUR differs from USD on line 2; a rate card has one currency");
  }

  @Test
  void anEmptyCardIsRefused() {
    assertThat(refused("").getMessage()).startsWith("line 1: the card is empty");
    assertThat(refused(HEADER).getMessage()).isEqualTo("line 1: the card has no rates");
  }

  @Test
  void everyProblemIsReported_notJustTheFirst() {
    RateCardCsvException e = refused(HEADER + "Atlantis,0,0.01,USD\nMexico,0,-1,USD\nChile,x,0.01,USD\n");
    assertThat(e.errors()).extracting(RateCardCsvException.LineError::line).containsExactly(2, 3, 4);
  }

  @Test
  void columnsMayComeInAnyOrder_withQuotesCommentsBlankLinesAndExtraColumns() {
    String csv = "\uFEFF# exported from a spreadsheet\r\n"
        + "currency,\"rate_per_minute\",market,tier_from_minutes,note\r\n"
        + "\r\n"
        + "USD,0.0095,\"Rest of Central & Eastern Europe\",0,\"list, per minute\"\r\n";
    assertThat(parse(csv)).containsExactly(
        new RateCardCsv.Line(4, "Rest of Central & Eastern Europe", 0, new BigDecimal("0.0095"), "USD"));
  }
}
