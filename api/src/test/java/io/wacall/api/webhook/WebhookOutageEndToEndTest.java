package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.PHONE_NUMBER_ID;
import static io.wacall.api.webhook.WebhookSamples.temporaryAcceptNow;
import static io.wacall.api.webhook.WebhookTestApplication.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.wacall.testsupport.TestDatabase;
import io.wacall.contract.WorkflowIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Temporal outage seen from Meta's side: the adapter keeps answering 200 and keeps every event,
 * and delivers them once Temporal is back. The service talks to a Temporal test server on a
 * loopback port, which the test really stops and starts again. No worker runs here (its long polls
 * would hold the server's shutdown); the signal is read from the workflow's history, and
 * WebhookEndToEndTest shows the workflow acting on such a signal.
 */
@SpringBootTest(classes = WebhookTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookOutageEndToEndTest {
  private static final RestartableTemporalServer TEMPORAL = RestartableTemporalServer.startOnFreePort();

  @LocalServerPort int port;
  @Autowired WebhookEventStore store;
  @Autowired WorkflowClient temporal;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    String database = TestDatabase.newDatabaseName();
    registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl(database));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("spring.temporal.connection.target", TEMPORAL::target);
    registry.add("wacall.webhook.app-secret", () -> APP_SECRET);
    registry.add("wacall.webhook.dispatch-interval", () -> "200ms");
    registry.add("wacall.webhook.retry-initial-backoff", () -> "200ms");
    registry.add("wacall.webhook.retry-max-backoff", () -> "1s");
  }

  @AfterAll
  static void stopTemporal() {
    TEMPORAL.close();
  }

  @Test
  void whileTemporalIsDown_aReplyIsAcknowledgedAndKeptPending_andReachesTheWorkflowOnceTemporalIsBack() throws Exception {
    temporal.getWorkflowServiceStubs().getServerCapabilities().get(); // asked once per client, while it was up
    TEMPORAL.stop();
    byte[] body = temporaryAcceptNow("4479460001234", "wamid.E2E-OUTAGE").toString().getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + WebhookController.PATH))
            .header(WebhookSignature.HEADER, WebhookSignature.sign(body, APP_SECRET))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      StoredWebhookEvent reply = reply();
      assertThat(reply.status()).isEqualTo(WebhookEventStatus.PENDING);
      assertThat(reply.attempts()).isGreaterThan(0);
      assertThat(reply.lastError()).contains("UNAVAILABLE");
    });

    TEMPORAL.start();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(reply().status()).isEqualTo(WebhookEventStatus.DISPATCHED));
    assertThat(temporal.fetchHistory(WorkflowIds.permission(PHONE_NUMBER_ID, "4479460001234")).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName()))
        .containsExactly("permissionReply");
  }

  private StoredWebhookEvent reply() {
    return store.findByDedupeKey("msg:wamid.E2E-OUTAGE").orElseThrow();
  }
}
