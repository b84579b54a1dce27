package io.wacall.api.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.wacall.api.support.ApiTestApplication;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.api.webhook.StoredWebhookEvent;
import io.wacall.api.webhook.WebhookEventStatus;
import io.wacall.api.webhook.WebhookEventStore;
import io.wacall.api.webhook.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness says whether the process can take traffic: the API takes Meta's webhooks with the
 * database alone (stored, then dispatched when Temporal answers). Here the Temporal frontend is a
 * closed port from the start: readiness is UP, a signed webhook is stored and answered 200, and
 * Temporal's state is still there for operators, in the health details and at its own path.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("api")
class ReadinessWithoutTemporalTest {
  private static final WireMockServer meta = ApiTestSupport.startMeta();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final int CLOSED_PORT = closedPort();

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired ObjectMapper json;
  @Autowired WebhookEventStore store;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestSupport.properties(registry, meta);
    // no in-process test server: the client points at a port nothing listens on
    registry.add("spring.temporal.test-server.enabled", () -> "false");
    registry.add("spring.temporal.connection.target", () -> "127.0.0.1:" + CLOSED_PORT);
  }

  @AfterAll
  static void stopMeta() {
    meta.stop();
  }

  @Test
  void withTemporalUnreachable_readinessIsUp_andAWebhookIsStoredAndAcknowledged() throws Exception {
    HttpResponse<String> readiness = management("/actuator/health/readiness");
    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    JsonNode ready = json.readTree(readiness.body());
    assertThat(ready.path("status").asText()).isEqualTo("UP");
    assertThat(ready.path("components").path("db").path("status").asText()).isEqualTo("UP");
    assertThat(ready.path("components").has("temporal")).as(readiness.body()).isFalse();

    String wacid = "wacid.READINESS" + System.nanoTime();
    HttpResponse<String> webhook = ApiTestSupport.signedWebhook(http, port,
        ApiTestSupport.connectWebhook("106540352249901", wacid, Instant.now()));
    assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
    // stored, waiting for Temporal: the dispatcher delivers it once Temporal answers
    assertThat(store.findByDedupeKey("call:" + wacid + ":connect")).get()
        .extracting(StoredWebhookEvent::status).isEqualTo(WebhookEventStatus.PENDING);

    // operators still see Temporal: DOWN in the details, and on its own
    JsonNode health = json.readTree(management("/actuator/health").body());
    assertThat(health.path("components").path("temporal").path("status").asText()).as(health.toString()).isEqualTo("DOWN");
    HttpResponse<String> temporal = management("/actuator/health/temporal");
    assertThat(temporal.statusCode()).as(temporal.body()).isEqualTo(503);
    assertThat(json.readTree(temporal.body()).path("status").asText()).isEqualTo("DOWN");
    // and the process is alive: nothing restarts it for a Temporal outage
    assertThat(management("/actuator/health/liveness").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> management(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A loopback port nothing listens on (bound a moment, then released). */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
