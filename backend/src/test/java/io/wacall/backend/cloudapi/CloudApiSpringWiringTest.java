package io.wacall.backend.cloudapi;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The bean Spring builds: Boot's RestClient.Builder, properties bound from wacall.cloud-api.*. */
class CloudApiSpringWiringTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(CloudApiProperties.class)
  @Import(CloudApiClient.class)
  static class CloudApiOnly {}

  WireMockServer wireMock;

  @BeforeEach
  void startWireMock() {
    wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wireMock.start();
  }

  @AfterEach
  void stopWireMock() {
    wireMock.stop();
  }

  @Test
  void springBuildsTheClientFromBootsRestClientBuilderAndTheBoundProperties() {
    wireMock.stubFor(post(urlEqualTo("/v24.0/123/calls")).willReturn(okJson("{\"success\":true}")));

    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class))
        .withUserConfiguration(CloudApiOnly.class)
        .withPropertyValues(
            "wacall.cloud-api.base-url=http://127.0.0.1:" + wireMock.port(),
            "wacall.cloud-api.version=v24.0",
            "wacall.cloud-api.access-token=spring-token")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(CloudApiClient.class);
          context.getBean(CloudApiClient.class).terminate("123", "wacid.X");
        });

    wireMock.verify(1, postRequestedFor(urlEqualTo("/v24.0/123/calls"))
        .withHeader("Authorization", equalTo("Bearer spring-token")));
  }
}
