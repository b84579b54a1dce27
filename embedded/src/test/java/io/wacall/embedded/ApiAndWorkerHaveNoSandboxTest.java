package io.wacall.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.app.ApiApplication;
import io.wacall.app.WorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The sandbox's endpoints exist only in the embedded application: the API's and the worker's own
 * application classes never load it, even with {@code wacall.sandbox.enabled=true} and the sandbox
 * module on the classpath (as it is here; their images do not even contain it). Each is started as
 * its main starts it (its class, its profile), on an embedded PostgreSQL and Temporal.
 */
class ApiAndWorkerHaveNoSandboxTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedDatabase database;
  private static EmbeddedTemporalServer temporal;

  @BeforeAll
  static void infrastructure() throws Exception {
    database = EmbeddedDatabase.start(0);
    temporal = EmbeddedTemporalServer.start(RunningEmbedded.freePort());
  }

  @AfterAll
  static void stop() {
    if (temporal != null) {
      temporal.close();
    }
    if (database != null) {
      database.close();
    }
  }

  static Stream<Arguments> processes() {
    // the classes and profiles their main methods run (ComposeAppEnvironmentTest reads the profiles from their source)
    return Stream.of(Arguments.of(ApiApplication.class, "api"), Arguments.of(WorkerApplication.class, "worker"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processes")
  void servesNothingUnderSandbox_evenWithTheSandboxEnabled(Class<?> main, String profile) throws Exception {
    SpringApplication app = new SpringApplication(main);
    app.setAdditionalProfiles(profile);
    try (ConfigurableApplicationContext context = app.run("--server.port=0", "--management.server.port=0",
        "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
        "--spring.datasource.password=postgres", "--spring.temporal.connection.target=" + temporal.target(),
        "--wacall.sandbox.enabled=true", "--wacall.cloud-api.base-url=http://127.0.0.1:9/sandbox/graph",
        "--wacall.cloud-api.access-token=test-token", "--wacall.webhook.app-secret=test-secret",
        "--wacall.webhook.verify-token=test-verify", "--wacall.api.tokens=test-api-token",
        "--wacall.api.operator-tokens=test-operator-token")) {
      assertThat(context.getEnvironment().getProperty("wacall.sandbox.enabled")).isEqualTo("true");
      for (String name : context.getBeanDefinitionNames()) {
        Class<?> type = context.getType(name);
        assertThat(type == null ? name : type.getName()).as("bean " + name).doesNotStartWith("io.wacall.sandbox");
      }
      for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
        mapping.getHandlerMethods().keySet().forEach(info ->
            assertThat(info.getPatternValues()).as(info.toString()).noneMatch(p -> p.startsWith("/sandbox")));
      }
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      for (HttpRequest request : List.of(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/webhooks")).GET().build(),
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/graph/v23.0/106540352242922/messages"))
              .header("Content-Type", "application/json").header("Authorization", "Bearer any")
              .POST(HttpRequest.BodyPublishers.ofString("{\"messaging_product\":\"whatsapp\"}")).build())) {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(request.method() + " " + request.uri() + ": " + response.body()).isIn(401, 403, 404);
      }
    }
  }
}
