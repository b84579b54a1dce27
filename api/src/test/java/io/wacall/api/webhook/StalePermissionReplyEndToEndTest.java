package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.PHONE_NUMBER_ID;
import static io.wacall.api.webhook.WebhookSamples.firstMessage;
import static io.wacall.api.webhook.WebhookSamples.firstValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.view.AuditEntry;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A signed permission reply never overrides newer state, end to end: the API and the worker over
 * real HTTP, webhooks signed with the app secret like Meta signs them, the real CallPermission
 * workflow and its real activities on the Temporal test server, the read model in a real
 * PostgreSQL, Meta as WireMock. A customer grants, revokes, the workflow completes (nothing is left
 * to remember), and then the 30-day-old signed permanent accept arrives again.
 */
class StalePermissionReplyEndToEndTest extends ApiHttpTest {
  static final AtomicInteger customers = new AtomicInteger();

  @Autowired PermissionWorkflows workflows;
  @Autowired PermissionReadModel readModel;
  @Autowired WebhookEventStore store;
  @Autowired WorkflowClient temporal;
  @Autowired WebhookProperties properties;
  @Autowired MeterRegistry registry;

  String waId;
  Instant now;
  Instant grantedAt;
  Instant revokedAt;

  @BeforeEach
  void setUp() {
    waId = "4477009" + String.format("%05d", customers.incrementAndGet());
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    grantedAt = now.minus(Duration.ofDays(30));
    revokedAt = now.minus(Duration.ofDays(2));
    meta.resetAll();
    ApiTestSupport.stubPermissionRequestsAccepted(meta, PHONE_NUMBER_ID, requestWamid());
  }

  @Test
  void aThirtyDayOldSignedPermanentAccept_afterGrantRevokeAndCompletion_isIgnored_andTheStateStaysRevoked()
      throws Exception {
    String completedRun = grantRevokeAndComplete();
    double staleBefore = count("wacall.webhook.replies.stale");

    // retention has deleted the grant's row, dedupe key and all: the signed body is delivered again
    purgeEverythingSettled();
    assertThat(postSigned(permanentAccept(grantWamid(), grantedAt, null))).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(row("msg:" + grantWamid()).status()).isEqualTo(WebhookEventStatus.IGNORED));
    assertThat(row("msg:" + grantWamid()).lastError())
        .isEqualTo("stale: reply of " + grantedAt + " is older than the pair's last change at " + revokedAt);
    assertThat(count("wacall.webhook.replies.stale")).isEqualTo(staleBefore + 1);
    JsonNode state = apiState();
    assertThat(state.path("status").asText()).isEqualTo("REVOKED");
    assertThat(state.path("callable").asBoolean()).isFalse();
    assertThat(state.path("permanent").asBoolean()).isFalse();
    assertThat(latestRunId()).as("no run was started for it").isEqualTo(completedRun);
  }

  @Test
  void theSameStaleAccept_signalledStraightToTheWorkflow_startsAFreshRunSeededFromPostgres_thatGrantsNothing()
      throws Exception {
    String completedRun = grantRevokeAndComplete();
    double staleBefore = count("wacall.permission.replies.stale");

    // another service (or an adapter whose read model lags) signals it: the fresh run loads the pair's record
    workflows.signalWithStart(PHONE_NUMBER_ID, waId, wf -> wf::permissionReply, new PermissionReply(grantWamid(),
        grantedAt, ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null));

    // awaited by describe and query: a client waiting for a result would let the test server skip time
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(latestRunId()).isNotEqualTo(completedRun);
      assertThat(latestRun().describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    });
    PermissionView last = workflows.existingStub(PHONE_NUMBER_ID, waId).state();
    assertThat(last.status()).isEqualTo(PermissionStatus.REVOKED);
    assertThat(last.lastChangeAt()).isEqualTo(revokedAt);
    assertThat(last.audit()).extracting(AuditEntry::event).containsExactly("previous run carried over", "stale reply ignored");
    assertThat(readModel.find(PHONE_NUMBER_ID, waId).orElseThrow().status()).isEqualTo(PermissionStatus.REVOKED);
    // the worker's count, through the SDK's metrics scope into the process's registry
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(count("wacall.permission.replies.stale")).isEqualTo(staleBefore + 1));
  }

  @Test
  void afterTheStaleAccept_aNewRequestAndAFreshSignedAccept_stillGrant() throws Exception {
    grantRevokeAndComplete();
    purgeEverythingSettled();
    postSigned(permanentAccept(grantWamid(), grantedAt, null));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(row("msg:" + grantWamid()).status()).isEqualTo(WebhookEventStatus.IGNORED));

    HttpResponse<String> request = send("POST", "/api/v1/permissions/" + PHONE_NUMBER_ID + "/" + waId + "/requests",
        "{\"requestedBy\":\"agent-7\"}", ApiTestSupport.TOKEN);
    assertThat(request.statusCode()).as(request.body()).isEqualTo(202);
    JsonNode sent = json.readTree(request.body());
    assertThat(sent.path("messageId").asText()).isEqualTo(requestWamid());
    Instant sentAt = Instant.parse(sent.path("sentAt").asText());
    String yes = "wamid.FRESH-YES-" + waId;

    assertThat(postSigned(permanentAccept(yes, sentAt.plusSeconds(1), requestWamid()))).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(apiState().path("status").asText()).isEqualTo("PERMANENT"));
    assertThat(row("msg:" + yes).status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(apiState().path("callable").asBoolean()).isTrue();
  }

  @Test
  void anAcceptOlderThanTheLapseOfATemporaryGrant_isIgnored_thoughNoRunWroteTheLapse() throws Exception {
    // the read model as a run leaves it since the action budget: a temporary grant that lapsed a day
    // ago, with no row written for the lapse (the run completed on it)
    Instant granted = now.minus(Duration.ofDays(8));
    Instant lapsedAt = now.minus(Duration.ofDays(1));
    readModel.record(new PermissionView(PHONE_NUMBER_ID, waId, PermissionStatus.TEMPORARY, false, granted, lapsedAt,
        null, List.of(), null, 0, null, null, granted, List.of(), 3, granted), "run-of-the-grant");
    // a permanent accept made before the lapse, after the grant: stale all the same
    Instant repliedAt = lapsedAt.minus(Duration.ofHours(1));
    String wamid = "wamid.BEFORE-LAPSE-" + waId;

    assertThat(postSigned(permanentAccept(wamid, repliedAt, null))).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(row("msg:" + wamid).status()).isEqualTo(WebhookEventStatus.IGNORED));
    assertThat(row("msg:" + wamid).lastError())
        .isEqualTo("stale: reply of " + repliedAt + " is older than the pair's last change at " + lapsedAt);
    JsonNode state = apiState();
    assertThat(state.path("status").asText()).isEqualTo("EXPIRED");
    assertThat(state.path("source").asText()).isEqualTo("read-model");
    assertThat(Instant.parse(state.path("lastChangeAt").asText())).isEqualTo(lapsedAt);
    assertThatThrownBy(() -> latestRun().describe()).as("no run was started for it")
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  // ---- helpers

  /**
   * The customer granted 30 days ago (from the business profile) and revoked 2 days ago, both
   * delivered as signed webhooks; nothing is left to remember, so the workflow completes. Returns
   * the completed run.
   */
  private String grantRevokeAndComplete() {
    assertThat(postSigned(permanentAccept(grantWamid(), grantedAt, null))).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(apiState().path("status").asText()).isEqualTo("PERMANENT"));
    assertThat(postSigned(revoke("wamid.REVOKE-" + waId, revokedAt))).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(latestRun().describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      PermissionReadModel.PermissionRow row = readModel.find(PHONE_NUMBER_ID, waId).orElseThrow();
      assertThat(row.status()).isEqualTo(PermissionStatus.REVOKED);
      assertThat(row.lastChangeAt()).isEqualTo(revokedAt);
    });
    return latestRunId();
  }

  /** The retention purge, run as if 31 days had passed: every settled event's row goes, dedupe key and all. */
  private void purgeEverythingSettled() {
    new WebhookRetention(store, properties, WacallMetrics.noop(), Clock.offset(Clock.systemUTC(), Duration.ofDays(31)))
        .purgeDue();
    assertThat(store.findByDedupeKey("msg:" + grantWamid())).isEmpty();
  }

  private String grantWamid() {
    return "wamid.GRANT-30D-" + waId;
  }

  private String requestWamid() {
    return "wamid.REQUEST-" + waId;
  }

  private ObjectNode permanentAccept(String wamid, Instant at, String requestWamid) {
    return WebhookSamples.json("permission-reply-permanent-accept-from-profile", d -> {
      ObjectNode message = firstMessage(d).put("from", waId).put("id", wamid)
          .put("timestamp", String.valueOf(at.getEpochSecond()));
      if (requestWamid != null) {
        message.putObject("context").put("from", WebhookSamples.BUSINESS_NUMBER).put("id", requestWamid);
      }
      ((ObjectNode) firstValue(d).path("contacts").path(0)).put("wa_id", waId);
    });
  }

  private ObjectNode revoke(String wamid, Instant at) {
    return WebhookSamples.json("permission-reply-reject", d -> {
      ObjectNode message = firstMessage(d).put("from", waId).put("id", wamid)
          .put("timestamp", String.valueOf(at.getEpochSecond()));
      message.remove("context"); // from the business profile, not an answer to a request
      ((ObjectNode) firstValue(d).path("contacts").path(0)).put("wa_id", waId);
    });
  }

  private int postSigned(JsonNode document) {
    byte[] body = document.toString().getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WebhookController.PATH))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(body, ApiTestSupport.APP_SECRET))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode apiState() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/permissions/" + PHONE_NUMBER_ID + "/" + waId, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private WorkflowStub latestRun() {
    return temporal.newUntypedWorkflowStub(WorkflowIds.permission(PHONE_NUMBER_ID, waId));
  }

  private String latestRunId() {
    return latestRun().describe().getExecution().getRunId();
  }

  private StoredWebhookEvent row(String dedupeKey) {
    return store.findByDedupeKey(dedupeKey).orElseThrow(() -> new AssertionError("no event " + dedupeKey));
  }

  private double count(String name) {
    Counter counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
