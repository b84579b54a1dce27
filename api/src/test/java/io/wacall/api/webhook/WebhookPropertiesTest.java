package io.wacall.api.webhook;

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
    assertThat(properties.payloadRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(properties.dedupeRetention()).isEqualTo(Duration.ofDays(8));
    assertThat(properties.purgeInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(properties.purgeBatchSize()).isEqualTo(500);
    assertThat(properties).isEqualTo(WebhookProperties.withSecrets(null, null));
  }

  @Test
  void kebabCaseKeysBind() {
    WebhookProperties properties = bind(Map.of(
        "wacall.webhook.app-secret", "s3cret-app-value",
        "wacall.webhook.previous-app-secret", "0ld-app-value",
        "wacall.webhook.verify-token", "v3rify-value",
        "wacall.webhook.dispatch-interval", "500ms",
        "wacall.webhook.batch-size", "20",
        "wacall.webhook.payload-retention", "P3D",
        "wacall.webhook.dedupe-retention", "14d",
        "wacall.webhook.purge-batch-size", "50"));

    assertThat(properties.appSecret()).isEqualTo("s3cret-app-value");
    assertThat(properties.previousAppSecret()).isEqualTo("0ld-app-value");
    assertThat(properties.verifyToken()).isEqualTo("v3rify-value");
    assertThat(properties.dispatchInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(properties.batchSize()).isEqualTo(20);
    assertThat(properties.payloadRetention()).isEqualTo(Duration.ofDays(3));
    assertThat(properties.dedupeRetention()).isEqualTo(Duration.ofDays(14));
    assertThat(properties.purgeBatchSize()).isEqualTo(50);
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

  @Test
  void aDedupeRetentionShorterThanMetasSevenDaysOfRedelivery_stopsStartUp() {
    assertThatThrownBy(() -> bind(Map.of("wacall.webhook.dedupe-retention", "P6D"))).isInstanceOf(BindException.class)
        .rootCause().hasMessageContaining("dedupe-retention must be at least PT168H");
    assertThat(bind(Map.of("wacall.webhook.dedupe-retention", "P7D")).dedupeRetention()).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> bind(Map.of("wacall.webhook.payload-retention", "0s"))).isInstanceOf(BindException.class)
        .rootCause().hasMessageContaining("payload-retention must be a positive duration");
    assertThatThrownBy(() -> bind(Map.of("wacall.webhook.purge-batch-size", "0"))).isInstanceOf(BindException.class)
        .rootCause().hasMessageContaining("purge-batch-size must be at least 1");
  }
}
