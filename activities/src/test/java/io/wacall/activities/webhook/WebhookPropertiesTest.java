package io.wacall.activities.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** wacall.webhook.* as Spring binds it. */
class WebhookPropertiesTest {

  private static WebhookProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("wacall.webhook", WebhookProperties.class);
  }

  @Test
  void withNothingSet_theDefaultsApply_andBothSecretsAreBlank() {
    WebhookProperties properties = bind(Map.of());

    assertThat(properties.hasAppSecret()).isFalse();
    assertThat(properties.hasPreviousAppSecret()).isFalse();
    assertThat(properties.hasVerifyToken()).isFalse();
    assertThat(properties.dispatchInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.retryInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(5));
    assertThat(properties.batchSize()).isEqualTo(100);
    assertThat(properties.claimTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.staleAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(properties).isEqualTo(WebhookProperties.withSecrets(null, null));
  }

  @Test
  void kebabCaseKeysBind() {
    WebhookProperties properties = bind(Map.of(
        "wacall.webhook.app-secret", "s3cret-app-value",
        "wacall.webhook.previous-app-secret", "0ld-app-value",
        "wacall.webhook.verify-token", "v3rify-value",
        "wacall.webhook.dispatch-interval", "500ms",
        "wacall.webhook.batch-size", "20"));

    assertThat(properties.appSecret()).isEqualTo("s3cret-app-value");
    assertThat(properties.previousAppSecret()).isEqualTo("0ld-app-value");
    assertThat(properties.verifyToken()).isEqualTo("v3rify-value");
    assertThat(properties.dispatchInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(properties.batchSize()).isEqualTo(20);
  }

  @Test
  void printingTheSettings_neverPrintsTheSecrets() {
    String printed = bind(Map.of("wacall.webhook.app-secret", "s3cret-app-value",
        "wacall.webhook.previous-app-secret", "0ld-app-value",
        "wacall.webhook.verify-token", "v3rify-value")).toString();

    assertThat(printed).doesNotContain("s3cret-app-value").doesNotContain("0ld-app-value").doesNotContain("v3rify-value")
        .contains("appSecret=(set)").contains("previousAppSecret=(set)");
  }

  @Test
  void nonsenseSettingsStopStartUp() {
    assertThatThrownBy(() -> bind(Map.of("wacall.webhook.batch-size", "0"))).isInstanceOf(BindException.class)
        .rootCause().hasMessageContaining("batch-size must be at least 1");
    assertThatThrownBy(() -> bind(Map.of("wacall.webhook.retry-initial-backoff", "10m")))
        .isInstanceOf(BindException.class).rootCause().hasMessageContaining("retry-max-backoff");
  }
}
