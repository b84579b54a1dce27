package io.wacall.backend.store.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.workflows.call.Routing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CallingPropertiesTest {
  private static CallingProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("wacall.calling", CallingProperties.class);
  }

  @Test
  void withNothingConfiguredMetasListAndTheIssuesDefaultsApply() {
    CallingProperties properties = bind(Map.of());

    assertThat(properties).isEqualTo(CallingProperties.defaults());
    assertThat(properties.businessInitiatedBlockedCountries()).containsExactly("US", "CA", "EG", "VN", "NG", "TR");
    assertThat(properties.businessInitiatedCallingAllowed("TR")).isFalse();
    assertThat(properties.defaultRingTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(properties.minRingTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.maxTotalRing()).isEqualTo(Duration.ofSeconds(45)).isEqualTo(Routing.DEFAULT_MAX_TOTAL_RING);
    assertThat(properties.defaultWrapUp()).isEqualTo(Duration.ofHours(1));
    assertThat(properties.defaultDispositionTags()).containsExactly("Resolved", "Follow-up Required", "No Answer");
  }

  @Test
  void theBlockedListIsConfigurationSoTurkeyCanBeAddedBackInLowerCase() {
    CallingProperties properties = bind(Map.of(
        "wacall.calling.business-initiated-blocked-countries", "us,ca,eg,vn,ng,tr",
        "wacall.calling.max-total-ring", "45s",
        "wacall.calling.default-disposition-tags", "Sale,Complaint"));

    assertThat(properties.businessInitiatedBlockedCountries()).containsExactly("US", "CA", "EG", "VN", "NG", "TR");
    assertThat(properties.businessInitiatedCallingAllowed("TR")).isFalse();
    assertThat(properties.businessInitiatedCallingAllowed("BR")).isTrue();
    assertThat(properties.maxTotalRing()).isEqualTo(Duration.ofSeconds(45));
    assertThat(properties.defaultDispositionTags()).isEqualTo(List.of("Sale", "Complaint"));
  }

  @Test
  void anOperatorWhoseTurkishNumberCanCallTakesTurkeyOutOfTheList() {
    CallingProperties properties = bind(Map.of("wacall.calling.business-initiated-blocked-countries", "US,CA,EG,VN,NG"));

    assertThat(properties.businessInitiatedCallingAllowed("TR")).isTrue();
    assertThat(properties.businessInitiatedCallingAllowed("US")).isFalse();
  }

  @Test
  void aCountryThatIsNotATwoLetterRegionStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("wacall.calling.business-initiated-blocked-countries", "US,USA")))
        .isInstanceOf(BindException.class)
        .rootCause().hasMessageContaining("wacall.calling.business-initiated-blocked-countries: 'USA'");
  }

  @Test
  void aDefaultRingTimeoutAboveTheCeilingStopsStartUp() {
    assertThatThrownBy(() -> bind(Map.of("wacall.calling.default-ring-timeout", "60s")))
        .rootCause().hasMessageContaining("wacall.calling.default-ring-timeout (PT1M) must be between PT5S and PT45S");
  }
}
