package io.wacall.backend.cloudapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CloudApiPropertiesTest {
  private static CloudApiProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bind("wacall.cloud-api", CloudApiProperties.class)
        .get();
  }

  @Test
  void onlyTheTokenIsNeededAndEverythingElseHasMetasDefaults() {
    CloudApiProperties properties = bind(Map.of("wacall.cloud-api.access-token", "t0k"));

    assertThat(properties).isEqualTo(new CloudApiProperties(
        "https://graph.facebook.com", "v23.0", "t0k", Duration.ofSeconds(5), Duration.ofSeconds(15)));
  }

  @Test
  void everyValueCanBeOverriddenWithSpringDurationSyntax() {
    CloudApiProperties properties = bind(Map.of(
        "wacall.cloud-api.base-url", "http://127.0.0.1:9999/",
        "wacall.cloud-api.version", "v24.0",
        "wacall.cloud-api.access-token", "t0k",
        "wacall.cloud-api.connect-timeout", "500ms",
        "wacall.cloud-api.read-timeout", "2s"));

    assertThat(properties).isEqualTo(new CloudApiProperties(
        "http://127.0.0.1:9999", "v24.0", "t0k", Duration.ofMillis(500), Duration.ofSeconds(2)));
  }

  @Test
  void printingThePropertiesNeverPrintsTheToken() {
    CloudApiProperties properties = CloudApiProperties.of("https://graph.facebook.com", "EAAsecret123");

    assertThat(properties.toString()).doesNotContain("EAAsecret123").contains("<redacted>", "v23.0");
  }
}
