package io.wacall.api.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.wacall.testsupport.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Shared wiring of the API's Spring Boot tests: a fresh database, Meta as WireMock on loopback. */
public final class ApiTestSupport {
  public static final String TOKEN = "test-token";
  public static final String APP_SECRET = "test-app-secret";
  public static final String VERIFY_TOKEN = "test-verify-token";

  private ApiTestSupport() {}

  public static WireMockServer startMeta() {
    WireMockServer meta = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
    return meta;
  }

  public static void properties(DynamicPropertyRegistry registry, WireMockServer meta) {
    String db = TestDatabase.newDatabaseName();
    registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl(db));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("spring.temporal.test-server.enabled", () -> "true");
    // the in-process test server has no operator API: TestServerSearchAttributes registers them
    registry.add("wacall.temporal.register-search-attributes", () -> "false");
    registry.add("wacall.cloud-api.base-url", meta::baseUrl);
    registry.add("wacall.cloud-api.access-token", () -> "meta-test-token");
    registry.add("wacall.api.tokens", () -> TOKEN + ",second-token");
    registry.add("wacall.webhook.app-secret", () -> APP_SECRET);
    registry.add("wacall.webhook.verify-token", () -> VERIFY_TOKEN);
  }
}
