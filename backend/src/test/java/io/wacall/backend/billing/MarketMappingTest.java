package io.wacall.backend.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarketMappingTest {
  private static final MarketMapping SHIPPED = MarketMapping.fromClasspath(DefaultRateCard.MARKET_MAPPING);

  @Test
  void theShippedMappingNamesTheSeedsMarketsTheRestOfGroupsAndOther() {
    assertThat(SHIPPED.markets()).containsExactly(
        "Argentina", "Brazil", "Chile", "Colombia", "France", "Germany", "India", "Indonesia", "Israel",
        "Italy", "Malaysia", "Mexico", "Netherlands", "Pakistan", "Peru", "Russia", "Saudi Arabia",
        "South Africa", "Spain", "United Arab Emirates", "United Kingdom",
        "Egypt", "Nigeria", "Turkey", "North America",
        "Rest of Africa", "Rest of Asia Pacific", "Rest of Central & Eastern Europe",
        "Rest of Latin America", "Rest of Middle East", "Rest of Western Europe",
        "Other");
  }

  @Test
  void theRestOfGroupsHoldTheRegionsOfCloudApiCallingSection6() {
    var regions = SHIPPED.regionsByMarket();
    // 40 regions as listed, plus CD: the list's "Congo" may mean either Congo.
    assertThat(regions.get("Rest of Africa")).hasSize(41).contains("KE", "CG", "CD");
    assertThat(regions.get("Rest of Asia Pacific")).hasSize(21).contains("HK", "SG");
    assertThat(regions.get("Rest of Central & Eastern Europe")).hasSize(20).contains("HU", "PL", "RO");
    assertThat(regions.get("Rest of Latin America")).hasSize(15).contains("JM", "PR");
    assertThat(regions.get("Rest of Middle East")).hasSize(8).contains("QA");
    assertThat(regions.get("Rest of Western Europe")).hasSize(9);
    assertThat(regions.get("North America")).containsExactly("US", "CA");
    assertThat(regions.get("Other")).containsExactly("*");
  }

  @Test
  void aRegionNotListedIsInTheFallbackMarket() {
    assertThat(SHIPPED.marketOf("KZ")).isEqualTo("Other");
    assertThat(SHIPPED.marketOf("001")).isEqualTo("Other"); // non-geographic numbers
  }

  @Test
  void aMappingIsCheckedAgainstTheRegionsLibphonenumberKnows() {
    assertThatThrownBy(() -> MarketMapping.parse("region,market\nXX,Atlantis\n*,Other\n"))
        .hasMessage("line 2: 'XX' is not a region libphonenumber knows");
    assertThatThrownBy(() -> MarketMapping.parse("region,market\nMX,Mexico\nMX,Other\n*,Other\n"))
        .hasMessage("line 3: region MX is already mapped on line 2");
    assertThatThrownBy(() -> MarketMapping.parse("region,market\nMX,Mexico\n"))
        .hasMessageContaining("region '*'");
  }
}
