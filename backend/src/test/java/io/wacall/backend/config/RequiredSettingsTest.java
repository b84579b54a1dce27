package io.wacall.backend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RequiredSettingsTest {
  @Test
  void anApiWithoutItsSecretsRefusesToStartAndNamesThem() {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles("api");
    env.setProperty("wacall.webhook.verify-token", "v");
    assertThatThrownBy(() -> new RequiredSettings(env).afterPropertiesSet())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wacall.webhook.app-secret (WACALL_WEBHOOK_APP_SECRET)")
        .hasMessageContaining("wacall.api.tokens (WACALL_API_TOKENS)")
        .hasMessageNotContaining("verify-token");
  }

  @Test
  void aWorkerNeedsTheCloudApiAccessToken() {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles("worker");
    assertThat(RequiredSettings.missing(env)).containsExactly("wacall.cloud-api.access-token (WACALL_CLOUD_API_ACCESS_TOKEN)");
    env.setProperty("wacall.cloud-api.access-token", "EAAG...");
    assertThat(RequiredSettings.missing(env)).isEmpty();
  }

  @Test
  void theEmbeddedProfilesDevelopmentValuesServeForEverything() {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles("worker", "api", "embedded");
    env.setProperty("wacall.sandbox.enabled", "true");
    assertThat(RequiredSettings.missing(env)).isEmpty();
  }

  @Test
  void theSandboxFlagAloneWaivesNoSecretOfAnApiOrWorker() {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles("worker", "api");
    env.setProperty("wacall.sandbox.enabled", "true");
    assertThat(RequiredSettings.missing(env)).hasSize(4);
  }

  @Test
  void anApiTrustingTheCrmsIdentityProviderNeedsNoStaticServiceToken() {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles("api");
    env.setProperty("wacall.webhook.app-secret", "s");
    env.setProperty("wacall.webhook.verify-token", "v");
    env.setProperty("wacall.api.jwt.issuer-uri", "https://idp.example.com");
    assertThat(RequiredSettings.missing(env)).isEmpty();
  }
}
