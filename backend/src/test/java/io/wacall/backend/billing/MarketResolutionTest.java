package io.wacall.backend.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The market of a customer's number, on the shipped mapping and card, as docs/meta-cloud-api.md#markets has it. */
class MarketResolutionTest {
  private static final MarketMapping MAPPING = MarketMapping.fromClasspath(DefaultRateCard.MARKET_MAPPING);
  private static final RateCard CARD = new RateCard(1, Instant.EPOCH, "USD", "test", Instant.EPOCH, MAPPING,
      RateCardCsv.parse(DefaultRateCard.readClasspath(DefaultRateCard.RATES), MAPPING));

  private static Rating rate(String number) {
    return CARD.rate(PhoneRegions.regionOf(number), 56, 0);
  }

  @ParameterizedTest(name = "{2}: {0} is in {1}")
  @CsvSource({
    "+54 9 11 2345 6789,  Argentina,            AR",
    "+55 11 91234 5678,   Brazil,               BR",
    "+56 9 6123 4567,     Chile,                CL",
    "+57 321 1234567,     Colombia,             CO",
    "+33 6 12 34 56 78,   France,               FR",
    "+49 1512 3456789,    Germany,              DE",
    "+91 81234 56789,     India,                IN",
    "+62 812 3456 7890,   Indonesia,            ID",
    "+972 50 234 5678,    Israel,               IL",
    "+39 312 345 6789,    Italy,                IT",
    "+60 12 345 6789,     Malaysia,             MY",
    "+52 55 1234 5678,    Mexico,               MX",
    "+31 6 12345678,      Netherlands,          NL",
    "+92 300 1234567,     Pakistan,             PK",
    "+51 912 345 678,     Peru,                 PE",
    "+7 912 345 67 89,    Russia,               RU",
    "+966 50 123 4567,    Saudi Arabia,         SA",
    "+27 71 123 4567,     South Africa,         ZA",
    "+34 612 34 56 78,    Spain,                ES",
    "+971 50 123 4567,    United Arab Emirates, AE",
    "+44 7400 123456,     United Kingdom,       GB",
  })
  void everyNamedMarketOfTheSeedTableIsCallable(String number, String market, String region) {
    Rating rating = rate(number);
    assertThat(rating.region()).isEqualTo(region);
    assertThat(rating.market()).isEqualTo(market);
    assertThat(rating.callable()).isTrue();
    assertThat(rating.pulses()).isEqualTo(10);
  }

  @ParameterizedTest(name = "{2}: {0} is in {1}, which is N/A")
  @CsvSource({
    "+20 100 123 4567,    Egypt,         EG",
    "+234 802 123 4567,   Nigeria,       NG",
    "+90 501 234 56 78,   Turkey,        TR",
    "+1 201 555 0123,     North America, US",
    "+1 506 234 5678,     North America, CA",
  })
  void theMarketsTheSeedMarksNaCannotBeCalled(String number, String market, String region) {
    Rating rating = rate(number);
    assertThat(rating.region()).isEqualTo(region);
    assertThat(rating.market()).isEqualTo(market);
    assertThat(rating.callable()).isFalse();
    assertThat(rating.reason()).contains(market).contains("N/A");
    assertThat(rating.amount()).isNull();
  }

  @ParameterizedTest(name = "{2}: {0} is in {1}")
  @CsvSource({
    "+254 712 123456,     Rest of Africa,                   KE",
    "+212 650 123456,     Rest of Africa,                   MA",
    "+61 412 345 678,     Rest of Asia Pacific,             AU",
    "+81 90 1234 5678,    Rest of Asia Pacific,             JP",
    "+48 512 345 678,     Rest of Central & Eastern Europe, PL",
    "+380 50 123 4567,    Rest of Central & Eastern Europe, UA",
    "+591 71234567,       Rest of Latin America,            BO",
    "+974 3312 3456,      Rest of Middle East,              QA",
    "+46 70 123 45 67,    Rest of Western Europe,           SE",
    "+41 78 123 45 67,    Rest of Western Europe,           CH",
    "+354 611 1234,       Other,                            IS",
    "+82 10 2000 0000,    Other,                            KR",
  })
  void theRestOfGroupsAndOtherCoverTheRegionsTheirListsName(String number, String market, String region) {
    Rating rating = rate(number);
    assertThat(rating.region()).isEqualTo(region);
    assertThat(rating.market()).isEqualTo(market);
    assertThat(rating.callable()).isTrue();
  }

  @Test
  void plusOne876IsJamaica_RestOfLatinAmerica_notNorthAmerica() {
    Rating rating = rate("+1 876 210 1234");
    assertThat(rating.region()).isEqualTo("JM");
    assertThat(rating.market()).isEqualTo("Rest of Latin America");
    assertThat(rating.callable()).isTrue();
  }

  @Test
  void plusOne787IsPuertoRico_RestOfLatinAmerica_notNorthAmerica() {
    assertThat(rate("+1 787 234 5678").market()).isEqualTo("Rest of Latin America");
  }

  @Test
  void plusSeven7xxIsKazakhstan_Other_notRussia() {
    Rating rating = rate("+7 771 000 9998");
    assertThat(rating.region()).isEqualTo("KZ");
    assertThat(rating.market()).isEqualTo("Other");
  }

  @Test
  void plus44ForGuernseyIsGuernsey_notTheUnitedKingdom() {
    Rating rating = rate("+44 7781 123456");
    assertThat(rating.region()).isEqualTo("GG");
    assertThat(rating.market()).isEqualTo("Other");
  }

  @Test
  void aMexicanWaIdKeepsTheRetiredMobileOne_andIsStillMexico() {
    assertThat(PhoneRegions.regionOf("+52 1 55 1234 5678")).isEqualTo("MX");
    assertThat(PhoneRegions.regionOf("+52 55 1234 5678")).isEqualTo("MX");
  }

  @Test
  void anArgentineWaIdWithTheMobileNineIsArgentina() {
    assertThat(PhoneRegions.regionOf("5491123456789")).isEqualTo("AR");
  }

  @Test
  void aWaIdWithoutThePlusAndAQueryStringPlusThatBecameASpaceBothResolve() {
    assertThat(PhoneRegions.regionOf("5215512345678")).isEqualTo("MX");
    assertThat(PhoneRegions.regionOf(" 18762101234")).isEqualTo("JM");
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {
    "",              // nothing
    "hello",         // not a number
    "+999 123 456",  // no such calling code
    "+1 555 0100",   // too short for North America
    "+44 20 1234",   // too short for the United Kingdom
    "+1 011 555 0123", // no region of +1 has this range
  })
  void aNumberThatIsNotAValidInternationalNumberIsRefused_neverGuessed(String number) {
    assertThatThrownBy(() -> PhoneRegions.regionOf(number))
        .isInstanceOf(BillingException.InvalidPhoneNumber.class);
  }

  @Test
  void theRefusalDoesNotRepeatTheNumber() {
    // Failure messages end up in Temporal's history, which is not encrypted.
    assertThatThrownBy(() -> PhoneRegions.regionOf("+1 555 0100"))
        .hasMessageNotContaining("555");
  }

  @Test
  void theShippedCardPricesMetasExampleAtMexicosPublicListRate() {
    Rating rating = rate("+52 55 1234 5678");
    assertThat(rating.ratePerMinute()).isEqualByComparingTo("0.0094");
    assertThat(rating.amount()).isEqualByComparingTo("0.0094");
    assertThat(rating.currency()).isEqualTo("USD");
    assertThat(rating.tier()).isEqualTo(1);
  }
}
