package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.PHONE_NUMBER_ID;
import static io.wacall.api.webhook.WebhookSamples.temporaryAcceptNow;
import static io.wacall.api.webhook.WebhookTestApplication.APP_SECRET;
import static io.wacall.api.webhook.WebhookTestApplication.PREVIOUS_APP_SECRET;
import static io.wacall.api.webhook.WebhookTestApplication.VERIFY_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateStage;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.testsupport.TestDatabase;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.contract.permission.signal.RequestDeliveryStatus.DeliveryStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The webhook endpoint over real HTTP, as Meta calls it: Spring MVC on a random port, the event
 * store in a real PostgreSQL, the real CallPermission workflow on the Temporal starter's in-process
 * test server. Payloads are signed with the app secret like Meta signs them; the previous app
 * secret of a rotation is configured too.
 */
@SpringBootTest(classes = WebhookTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class WebhookEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger CUSTOMERS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired WebhookEventStore store;
  @Autowired PermissionWorkflows permissions;
  @Autowired WorkflowClient temporal;
  @Autowired WebhookProperties properties;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    String database = TestDatabase.newDatabaseName();
    registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl(database));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("spring.temporal.test-server.enabled", () -> "true");
    registry.add("spring.temporal.workers[0].task-queue", () -> WorkflowIds.TASK_QUEUE);
    registry.add("spring.temporal.workers[0].workflow-classes[0]",
        () -> "io.wacall.workflows.permission.CallPermissionWorkflowImpl");
    registry.add("spring.temporal.workers[0].activity-beans[0]", () -> "testPermissionActivities");
    registry.add("wacall.webhook.app-secret", () -> APP_SECRET);
    registry.add("wacall.webhook.previous-app-secret", () -> PREVIOUS_APP_SECRET);
    registry.add("wacall.webhook.verify-token", () -> VERIFY_TOKEN);
    registry.add("wacall.webhook.dispatch-interval", () -> "200ms");
    registry.add("wacall.webhook.retry-initial-backoff", () -> "200ms");
  }

  // ---- the verification handshake

  @Test
  void theHandshakeWithTheRightToken_answersTheRawChallengeAsPlainText() throws Exception {
    HttpResponse<String> response = get("?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("1158201444");
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  @Test
  void theHandshakeWithAWrongTokenOrMode_isForbidden() throws Exception {
    assertThat(get("?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess").statusCode()).isEqualTo(403);
    assertThat(get("?hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN).statusCode())
        .isEqualTo(403);
    assertThat(get("?hub.challenge=1158201444").statusCode()).isEqualTo(403);
  }

  // ---- what is refused before anything is stored

  @Test
  void theHandshakeWithoutAChallenge_isABadRequest() throws Exception {
    assertThat(get("?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN).statusCode()).isEqualTo(400);
  }

  @Test
  void aPostWithoutASignature_isUnauthorized_andNothingIsStored() throws Exception {
    byte[] body = bytes(temporaryAcceptNow(customer(), "wamid.E2E-UNSIGNED"));

    assertThat(post(body, null).statusCode()).isEqualTo(401);
    assertThat(stored("msg:wamid.E2E-UNSIGNED")).isZero();
  }

  @Test
  void theSignatureIsCheckedBeforeTheBodyIsParsed_soUnsignedGarbageIsUnauthorized_notABadRequest() throws Exception {
    assertThat(post("{not json".getBytes(StandardCharsets.UTF_8), null).statusCode()).isEqualTo(401);
  }

  @Test
  void aPostSignedWithAnotherSecret_orWhoseBytesWereChanged_isUnauthorized_andNothingIsStored() throws Exception {
    byte[] body = bytes(temporaryAcceptNow(customer(), "wamid.E2E-FORGED"));
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("accept", "reject").getBytes(StandardCharsets.UTF_8);

    assertThat(post(body, WebhookSignature.sign(body, "someone-elses-secret")).statusCode()).isEqualTo(401);
    assertThat(post(tampered, WebhookSignature.sign(body, APP_SECRET)).statusCode()).isEqualTo(401);
    assertThat(post(body, "sha256=not-hex").statusCode()).isEqualTo(401);
    assertThat(stored("msg:wamid.E2E-FORGED")).isZero();
  }

  // ---- the app secret during a rotation: the current one and the previous one are accepted

  @Test
  void aPostSignedWithTheCurrentSecret_isAccepted_andNoRotationIsLogged(CapturedOutput log) throws Exception {
    acceptedAndGranted("wamid.E2E-CURRENT-SECRET", APP_SECRET);

    assertThat(log.getOut()).doesNotContain("signed with the previous app secret");
  }

  @Test
  void aPostSignedWithThePreviousSecret_isAccepted_andLoggedAtInfoAsThePreviousOne(CapturedOutput log) throws Exception {
    acceptedAndGranted("wamid.E2E-PREVIOUS-SECRET", PREVIOUS_APP_SECRET);

    assertThat(log.getOut()).containsPattern("INFO .*webhook POST signed with the previous app secret")
        .doesNotContain(PREVIOUS_APP_SECRET);
  }

  /** A temporary accept signed with {@code secret}: answered 200, stored once, and granted. */
  private void acceptedAndGranted(String wamid, String secret) throws Exception {
    String waId = customer();
    byte[] body = bytes(temporaryAcceptNow(waId, wamid));

    assertThat(post(body, WebhookSignature.sign(body, secret)).statusCode()).isEqualTo(200);

    assertThat(stored("msg:" + wamid)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(state(waId).status()).isEqualTo(PermissionStatus.TEMPORARY));
  }

  @Test
  void aPostSignedWithNeitherSecret_isUnauthorized_andStoredNowhere() throws Exception {
    String waId = customer();
    long before = allRows();
    byte[] body = bytes(temporaryAcceptNow(waId, "wamid.E2E-NEITHER-SECRET"));

    HttpResponse<String> response = post(body, WebhookSignature.sign(body, "a-secret-of-long-ago"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(allRows()).isEqualTo(before);
    Thread.sleep(600); // a few ticks of the retry loop: nothing may reach Temporal either
    assertThatThrownBy(() -> temporal.newUntypedWorkflowStub(WorkflowIds.permission(PHONE_NUMBER_ID, waId)).describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  @Test
  void aSignedBodyThatIsNotJson_isABadRequest_andNothingIsStored() throws Exception {
    long before = allRows();
    byte[] body = "{\"object\":\"whatsapp_business_account\",\"entry\":[".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = post(body, WebhookSignature.sign(body, APP_SECRET));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("not valid JSON");
    assertThat(allRows()).isEqualTo(before);
  }

  @Test
  void aBodyOverMetasThreeMegabytes_isRefusedAsTooLarge() throws Exception {
    byte[] body = new byte[WebhookController.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    assertThat(post(body, WebhookSignature.sign(body, APP_SECRET)).statusCode()).isEqualTo(413);
  }

  // ---- what is stored and dispatched

  @Test
  void aSignedPermissionReply_isStoredOnce_answered200_andGrantsTheWorkflowATemporaryPermission() throws Exception {
    String waId = customer();
    byte[] body = bytes(temporaryAcceptNow(waId, "wamid.E2E-ACCEPT"));

    HttpResponse<String> response = post(body, WebhookSignature.sign(body, APP_SECRET));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(stored("msg:wamid.E2E-ACCEPT")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(row("msg:wamid.E2E-ACCEPT").status()).isEqualTo(WebhookEventStatus.DISPATCHED));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(state(waId).status()).isEqualTo(PermissionStatus.TEMPORARY));
    StoredWebhookEvent row = row("msg:wamid.E2E-ACCEPT");
    assertThat(row.kind()).isEqualTo("PERMISSION_REPLY");
    assertThat(row.phoneNumberId()).isEqualTo(PHONE_NUMBER_ID);
    assertThat(row.waId()).isEqualTo(waId);
  }

  @Test
  void theSamePostDeliveredTwice_isOneRow_andOneSignal() throws Exception {
    String waId = customer();
    byte[] body = bytes(temporaryAcceptNow(waId, "wamid.E2E-TWICE"));
    String signature = WebhookSignature.sign(body, APP_SECRET);

    assertThat(post(body, signature).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(row("msg:wamid.E2E-TWICE").status()).isEqualTo(WebhookEventStatus.DISPATCHED));
    assertThat(post(body, signature).statusCode()).isEqualTo(200); // Meta retries what it thinks failed
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(state(waId).status()).isEqualTo(PermissionStatus.TEMPORARY));
    Thread.sleep(600); // a few ticks of the retry loop: a second dispatch would show by now

    assertThat(stored("msg:wamid.E2E-TWICE")).isEqualTo(1);
    assertThat(row("msg:wamid.E2E-TWICE").attempts()).isEqualTo(1);
    assertThat(signals(waId, "permissionReply")).isEqualTo(1);
  }

  @Test
  void afterItsPayloadWasPurged_aRedeliveredEvent_isStillADuplicate_andSignalledNoSecondTime() throws Exception {
    String waId = customer();
    byte[] body = bytes(temporaryAcceptNow(waId, "wamid.E2E-PURGED"));
    String signature = WebhookSignature.sign(body, APP_SECRET);
    assertThat(post(body, signature).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(row("msg:wamid.E2E-PURGED").status()).isEqualTo(WebhookEventStatus.DISPATCHED));
    // two days on, with payloads kept one day and dedupe keys eight
    WebhookRetention retention = new WebhookRetention(store, properties.withRetention(Duration.ofDays(1),
        Duration.ofDays(8), 100), WacallMetrics.noop(), Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
    assertThat(retention.purgeDue().payloads()).isPositive();
    assertThat(row("msg:wamid.E2E-PURGED").payload()).isNull();

    assertThat(post(body, signature).statusCode()).isEqualTo(200); // Meta redelivers within its 7 days
    Thread.sleep(600); // a few ticks of the retry loop: a second dispatch would show by now

    assertThat(stored("msg:wamid.E2E-PURGED")).isEqualTo(1);
    assertThat(row("msg:wamid.E2E-PURGED").attempts()).isEqualTo(1);
    assertThat(signals(waId, "permissionReply")).isEqualTo(1);
  }

  @Test
  void aStatusOfAMessageThatIsNotOneOfOurRequests_isAcknowledgedAndIgnored() throws Exception {
    byte[] body = bytes(WebhookSamples.delivered(customer(), "wamid.E2E-CRM-MESSAGE", Instant.now().minusSeconds(120)));

    assertThat(post(body, WebhookSignature.sign(body, APP_SECRET)).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      StoredWebhookEvent row = row("status:wamid.E2E-CRM-MESSAGE:delivered");
      assertThat(row.status()).isEqualTo(WebhookEventStatus.IGNORED);
      assertThat(row.lastError()).isEqualTo("message wamid.E2E-CRM-MESSAGE is not a permission request of ours");
    });
  }

  @Test
  void aStatusOfOurPermissionRequest_reachesTheWorkflowAsRequestStatus() throws Exception {
    String waId = customer();
    CallPermissionWorkflow stub = permissions.startingStub(PHONE_NUMBER_ID, waId);
    PermissionRequestResult sent = WorkflowClient.executeUpdateWithStart(stub::requestPermission,
        new PermissionRequest(null, null, null, "agent-7"),
        UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(stub::run, PermissionWorkflows.freshInput(PHONE_NUMBER_ID, waId)));
    // what the read-model activity writes after each request is sent
    jdbc.sql("""
            INSERT INTO permission_requests (message_id, phone_number_id, wa_id, sent_at, expires_at)
            VALUES (:id, :pnid, :waId, now(), now() + interval '7 days')""")
        .param("id", sent.messageId()).param("pnid", PHONE_NUMBER_ID).param("waId", waId).update();
    byte[] body = bytes(WebhookSamples.delivered(waId, sent.messageId(), Instant.now()));

    assertThat(post(body, WebhookSignature.sign(body, APP_SECRET)).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      PermissionView state = state(waId);
      assertThat(state.status()).isEqualTo(PermissionStatus.PENDING);
      assertThat(state.pendingRequest().deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    });
    assertThat(row("status:" + sent.messageId() + ":delivered").status()).isEqualTo(WebhookEventStatus.DISPATCHED);
  }

  @Test
  void aWellFormedEventWeDoNotHandle_isStoredAndAcknowledged() throws Exception {
    // a field wacall does not subscribe to (template reviews), as Meta would send it
    byte[] body = WebhookSamples.bytes("message-template-status-update");

    assertThat(post(body, WebhookSignature.sign(body, APP_SECRET)).statusCode()).isEqualTo(200);

    StoredWebhookEvent row = jdbc.sql("SELECT id FROM webhook_events WHERE kind = 'UNRECOGNISED' "
            + "AND payload -> 'change' ->> 'field' = 'message_template_status_update'")
        .query(Long.class).optional().flatMap(store::findById).orElseThrow();
    assertThat(row.status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThat(row.lastError()).isEqualTo(WebhookEventKind.UNRECOGNISED.unroutedReason());
  }

  @Test
  void aPayloadOfSeveralEntriesAndChanges_storesEveryEvent_andEachIsSettledOnItsOwn() throws Exception {
    byte[] body = WebhookSamples.bytes("several-entries-and-changes");

    assertThat(post(body, WebhookSignature.sign(body, APP_SECRET)).statusCode()).isEqualTo(200);

    assertThat(row("call:" + WebhookSamples.BIC_WACID + ":terminate").status()).isEqualTo(WebhookEventStatus.IGNORED);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(row("msg:wamid.HBgLMTYzMTU1NTExODEVAgASGBQzRUIwMDAwMDAwMDAwMDAwMDAwMQA=").status())
          .isEqualTo(WebhookEventStatus.DISPATCHED);
      assertThat(row("status:wamid.HBgMNDQ3NzAwOTAwMTIzFQIAERgSQjQ1RjZBN0I4QzlEMEUxRjIA:read").status())
          .isEqualTo(WebhookEventStatus.IGNORED); // a 2025 status of a message that is not ours
    });
    assertThat(row("msg:wamid.HBgMOTcxNTAxMjM0NTY3FQIAEhgUM0VCMDAwMDAwMDAwMDAwMDAwMDIA").status())
        .isEqualTo(WebhookEventStatus.IGNORED);
  }

  // ---- helpers

  private static String customer() {
    return "3161234" + String.format("%04d", CUSTOMERS.incrementAndGet());
  }

  private HttpResponse<String> get(String query) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(query)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(byte[] body, String signature) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(""))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header(WebhookSignature.HEADER, signature);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String query) {
    return URI.create("http://127.0.0.1:" + port + WebhookController.PATH + query);
  }

  private static byte[] bytes(JsonNode document) {
    return document.toString().getBytes(StandardCharsets.UTF_8);
  }

  private int stored(String dedupeKey) {
    return jdbc.sql("SELECT count(*) FROM webhook_events WHERE dedupe_key = :key").param("key", dedupeKey)
        .query(Integer.class).single();
  }

  private long allRows() {
    return jdbc.sql("SELECT count(*) FROM webhook_events").query(Long.class).single();
  }

  private StoredWebhookEvent row(String dedupeKey) {
    return store.findByDedupeKey(dedupeKey).orElseThrow(() -> new AssertionError("no event " + dedupeKey));
  }

  private PermissionView state(String waId) {
    return permissions.existingStub(PHONE_NUMBER_ID, waId).state();
  }

  private long signals(String waId, String name) {
    return temporal.fetchHistory(WorkflowIds.permission(PHONE_NUMBER_ID, waId)).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
        .filter(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals(name))
        .count();
  }
}
