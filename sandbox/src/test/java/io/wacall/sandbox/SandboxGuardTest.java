package io.wacall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SandboxGuardTest {
  private final ApplicationContextRunner sandbox = new ApplicationContextRunner()
      .withUserConfiguration(SandboxConfiguration.class)
      .withPropertyValues("wacall.sandbox.enabled=true");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "http://127.0.0.1:8080/sandbox/graph",
      "http://127.0.0.1:8080/sandbox/graph/",
      "http://localhost:18080/sandbox/graph",
      "http://sandbox:8080/sandbox/graph",
      "https://staging.example.com/wacall/sandbox/graph"})
  void aSandboxsGraphEndpointIsASandbox(String baseUrl) {
    assertThat(SandboxGuard.isSandbox(baseUrl)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @NullAndEmptySource
  @ValueSource(strings = {
      "https://graph.facebook.com",
      "https://graph.facebook.com/",
      "https://graph.facebook.com/v23.0",
      "https://GRAPH.FACEBOOK.COM/sandbox/graph",
      "https://graph.facebook.com/sandbox/graph",
      "https://facebook.com/sandbox/graph",
      "https://graph.fb.com/sandbox/graph",
      "https://api.whatsapp.com/sandbox/graph",
      "http://127.0.0.1:8080",
      "http://127.0.0.1:8080/graph",
      "http://sandbox:8080/sandbox/graphql",
      "http://sandbox:8080/not-sandbox/graph",
      "http://sandbox:8080/sandbox/graph?redirect=https://graph.facebook.com",
      "ftp://sandbox/sandbox/graph",
      "/sandbox/graph",
      "not a url",
      "   "})
  void metaAndEverythingElseIsReal(String baseUrl) {
    assertThat(SandboxGuard.isSandbox(baseUrl)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https://graph.facebook.com", "http://127.0.0.1:8080"})
  void aProcessWithTheSandboxOnAndARealCloudApiRefusesToStart_namingBothSettings(String baseUrl) {
    sandbox.withPropertyValues("wacall.cloud-api.base-url=" + baseUrl).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("WACALL_SANDBOX_ENABLED").hasMessageContaining("WACALL_CLOUD_API_BASE_URL")
          .hasMessageContaining(baseUrl);
    });
  }

  @Test
  void unsetTheBaseUrlIsMeta_soTheSandboxRefusesToo() {
    sandbox.run(context -> assertThat(context.getStartupFailure()).hasMessageContaining("https://graph.facebook.com"));
  }

  @Test
  void withTheSandboxOffNothingOfItIsThere_whateverTheBaseUrl() {
    new ApplicationContextRunner().withUserConfiguration(SandboxConfiguration.class)
        .withPropertyValues("wacall.cloud-api.base-url=https://graph.facebook.com")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SandboxProperties.class)
            .doesNotHaveBean(SandboxConfiguration.class));
  }
}
