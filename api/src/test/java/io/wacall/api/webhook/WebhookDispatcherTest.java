package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.PHONE_NUMBER_ID;
import static io.wacall.api.webhook.WebhookSamples.firstMessage;
import static io.wacall.api.webhook.WebhookSamples.firstValue;
import static io.wacall.api.webhook.WebhookSamples.json;
import static io.wacall.api.webhook.WebhookSamples.temporaryAcceptNow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.wacall.backend.cloudapi.CloudApiClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.testsupport.TestDatabase;
import io.wacall.contract.WorkflowIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The dispatcher with real parts: the event store on PostgreSQL, the real routers and
 * PermissionWorkflows, and a Temporal server on a loopback port that is really stopped and started.
 * No worker runs: what reached Temporal is read from the workflow histories (the end-to-end tests
 * show the workflow acting on it).
 */
class WebhookDispatcherTest {
  /** Short, so a test sees the retry come due without moving clocks. */
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(300);

  private static RestartableTemporalServer temporal;
  private static DataSource dataSource;

  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private JdbcClient jdbc;
  private WebhookEventStore store;
  private WebhookIntake intake;
  private WebhookDispatcher dispatcher;
  private PermissionWorkflows permissions;
  private final WebhookEventJson events = new WebhookEventJson(new ObjectMapper().findAndRegisterModules());
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void startTemporalAndDatabase() {
    temporal = RestartableTemporalServer.startOnFreePort();
    dataSource = TestDatabase.newDatabase();
  }

  @AfterAll
  static void stopTemporal() {
    temporal.close();
  }

  @BeforeEach
  void wire() {
    temporal.start();
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(temporal.target())
        // the SDK's default keeps retrying an unreachable server for a minute per call
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(1)).validateBuildWithDefaults())
        // and waits up to 10 s before it tries a server that went away again
        .setConnectionBackoffResetFrequency(Duration.ofMillis(500))
        .build());
    client = WorkflowClient.newInstance(stubs);
    stubs.getServerCapabilities().get(); // asked once per client; not the subject of an outage test

    jdbc = JdbcClient.create(dataSource);
    jdbc.sql("TRUNCATE webhook_events, permission_requests RESTART IDENTITY").update();
    permissions = new PermissionWorkflows(client, new TemporalProperties(WorkflowIds.TASK_QUEUE));
    wireOn(dataSource);
  }

  /** The adapter's parts on this database (the tests' own, or one an upgrade test migrated). */
  private void wireOn(DataSource database) {
    JdbcClient db = JdbcClient.create(database);
    store = new WebhookEventStore(db, new DataSourceTransactionManager(database));
    WebhookRouting routing = new WebhookRouting(List.of(new PermissionReplyRouter(permissions,
        new PermissionReadModel(db, new ObjectMapper().findAndRegisterModules()), WacallMetrics.noop()),
        new PermissionRequestStatusRouter(new PermissionRequestLookup(db), permissions, Clock.systemUTC())));
    WebhookPayloadParser parser = new WebhookPayloadParser();
    intake = new WebhookIntake(parser, routing, store, events, WacallMetrics.noop());
    dispatcher = new WebhookDispatcher(store, events, parser, routing, new WebhookProperties(null, null, null,
        Duration.ofSeconds(2), INITIAL_BACKOFF, Duration.ofSeconds(1), 100, Duration.ofMinutes(2), Duration.ofMinutes(10),
        Duration.ofDays(30), Duration.ofDays(8), Duration.ofHours(1), 500),
        WacallMetrics.noop(), Clock.systemUTC());
  }

  @AfterEach
  void unwire() {
    stubs.shutdownNow();
  }

  @Test
  void whileTemporalIsDown_theTriedEventStaysPendingAndCounted_theRestWaitUntried_andAllGoOutOnceItIsBack() {
    temporal.stop();
    List<Long> ids = concat(intake.accept(temporaryAcceptNow("4915112345671", "wamid.OUTAGE-1")).pendingIds(),
        intake.accept(temporaryAcceptNow("4915112345672", "wamid.OUTAGE-2")).pendingIds());

    WebhookDispatcher.Summary down = dispatcher.dispatchDue();

    assertThat(down.temporalUnavailable()).isTrue();
    assertThat(down.retried()).isEqualTo(1);
    assertThat(down.postponed()).isEqualTo(1);
    StoredWebhookEvent tried = row(ids.get(0));
    assertThat(tried.status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(tried.attempts()).isEqualTo(1);
    assertThat(tried.lastError()).contains("UNAVAILABLE");
    StoredWebhookEvent untried = row(ids.get(1));
    assertThat(untried.status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(untried.attempts()).isZero();
    assertThat(untried.nextAttemptAt()).isAfter(Instant.now().minusSeconds(1));

    temporal.start();

    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      dispatcher.dispatchDue();
      assertThat(List.of(row(ids.get(0)).status(), row(ids.get(1)).status()))
          .containsOnly(WebhookEventStatus.DISPATCHED);
    });
    assertThat(row(ids.get(0)).attempts()).isGreaterThanOrEqualTo(2);
    assertThat(signalsReceived("4915112345671")).containsExactly("permissionReply");
    assertThat(signalsReceived("4915112345672")).containsExactly("permissionReply");
  }

  @Test
  void aStatusOfAMessageThatIsNotOurs_isIgnored_withoutAskingTemporal() {
    temporal.stop(); // were Temporal asked, the event would stay PENDING
    List<Long> ids = intake.accept(WebhookSamples.delivered("4915112345673", "wamid.CRM-NEWSLETTER",
        Instant.now().minusSeconds(60))).pendingIds();

    dispatcher.dispatch(ids);

    StoredWebhookEvent status = row(ids.get(0));
    assertThat(status.status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThat(status.lastError()).isEqualTo("message wamid.CRM-NEWSLETTER is not a permission request of ours");
  }

  @Test
  void aFreshStatusThatOvertakesTheRecordOfItsRequest_isRetried_andSignalledOnceTheRequestIsRecorded() {
    List<Long> ids = intake.accept(WebhookSamples.delivered("4915112345677", "wamid.JUST-SENT", Instant.now()))
        .pendingIds();

    dispatcher.dispatch(ids);

    assertThat(row(ids.get(0)).status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(row(ids.get(0)).lastError()).contains("not (yet) a known permission request");

    jdbc.sql("""
        INSERT INTO permission_requests (message_id, phone_number_id, wa_id, sent_at, expires_at)
        VALUES ('wamid.JUST-SENT', :pnid, '4915112345677', now(), now() + interval '7 days')""")
        .param("pnid", PHONE_NUMBER_ID).update();

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      dispatcher.dispatchDue();
      assertThat(row(ids.get(0)).status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    });
    assertThat(signalsReceived("4915112345677")).containsExactly("requestStatus");
  }

  @Test
  void aStatusCarryingThePermissionRequestCallbackData_isSignalledToItsPair_evenWithAnUnknownWamid() {
    // the send's answer was lost: wacall never learnt the wamid, so no permission_requests row names it
    ObjectNode document = WebhookSamples.delivered("4915112345678", "wamid.ANSWER-LOST", Instant.now().minusSeconds(60));
    ((ObjectNode) firstValue(document).path("statuses").path(0))
        .put("biz_opaque_callback_data", CloudApiClient.PERMISSION_REQUEST_CALLBACK_DATA);
    List<Long> ids = intake.accept(document).pendingIds();

    dispatcher.dispatch(ids);

    assertThat(row(ids.get(0)).status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(signalsReceived("4915112345678")).containsExactly("requestStatus");
  }

  @Test
  void aReplyNamingNoCustomer_isFailedWithTheReason_andNotRetried() {
    ObjectNode document = temporaryAcceptNow("4915112345674", "wamid.NO-CUSTOMER");
    firstMessage(document).remove("from");
    firstValue(document).remove("contacts");
    List<Long> ids = intake.accept(document).pendingIds();

    dispatcher.dispatch(ids);
    makeDue(ids.get(0));
    WebhookDispatcher.Summary again = dispatcher.dispatchDue();

    StoredWebhookEvent reply = row(ids.get(0));
    assertThat(reply.status()).isEqualTo(WebhookEventStatus.FAILED);
    assertThat(reply.lastError()).contains("names no customer wa_id");
    assertThat(reply.attempts()).isEqualTo(1);
    assertThat(again.total()).isZero();
  }

  @Test
  void aReplyWhoseIdsCannotFormAWorkflowId_isFailed_notRetriedForever() {
    ObjectNode document = temporaryAcceptNow("4915112345675", "wamid.BAD-ID");
    ((ObjectNode) firstValue(document).path("metadata")).put("phone_number_id", "1065:40352242922");
    List<Long> ids = intake.accept(document).pendingIds();

    dispatcher.dispatch(ids);

    StoredWebhookEvent reply = row(ids.get(0));
    assertThat(reply.status()).isEqualTo(WebhookEventStatus.FAILED);
    assertThat(reply.lastError()).contains("IllegalArgumentException").contains("must be non-blank and contain no ':'");
  }

  @Test
  void callEvents_inAProcessWithoutCallRouters_areStoredAsIgnoredWithTheReason() {
    WebhookIntake.Result result = intake.accept(json("call-connect-user-initiated"));

    assertThat(result.pendingIds()).isEmpty();
    StoredWebhookEvent call = row(result.stored().get(0).id());
    assertThat(call.status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThat(call.lastError()).isEqualTo("no router for call events is configured");
    assertThat(call.kind()).isEqualTo("CALL");
    assertThat(call.waId()).isEqualTo(WebhookSamples.CUSTOMER);
    assertThat(call.eventTimestamp()).isEqualTo(Instant.ofEpochSecond(1751364200));
  }

  @Test
  void aPendingEventOfAKindNobodyRoutesAnyMore_isIgnoredWithTheKindsReason() {
    RawWebhookEvent ringing = firstCallStatus();
    long id = store.insertAll(List.of(new NewWebhookEvent("callstatus:wacid.X:RINGING", "CALL_STATUS", PHONE_NUMBER_ID,
        "4915112345676", "wacid.X", Instant.now(), ringing.payload().toString(), events.write(new WebhookPayloadParser().decode(ringing)),
        WebhookEventStatus.PENDING, null))).get(0).id();

    dispatcher.dispatchDue();

    assertThat(row(id).status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThat(row(id).lastError()).isEqualTo("no router for call statuses is configured");
  }

  @Test
  void anEventOfAKindThisVersionDoesNotKnow_isLeftPendingForOneThatDoes() {
    long id = store.insertAll(List.of(new NewWebhookEvent("future:1", "VOICEMAIL", PHONE_NUMBER_ID, null, null, null, "{}", "{}",
        WebhookEventStatus.PENDING, null))).get(0).id();

    dispatcher.dispatchDue();

    assertThat(row(id).status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(row(id).lastError()).contains("unknown to this version");
  }

  @Test
  void theDispatcherRoutesTheEventTheIntakeDecoded_andDoesNotReadMetasItemAgain() throws Exception {
    List<Long> ids = intake.accept(temporaryAcceptNow("4915112345678", "wamid.ONE-DECODE")).pendingIds();
    StoredWebhookEvent stored = row(ids.get(0));
    assertThat(events.read(WebhookEventKind.PERMISSION_REPLY, stored.event())).isEqualTo(new WebhookPayloadParser()
        .decode(new RawWebhookEvent(WebhookEventKind.PERMISSION_REPLY, (ObjectNode) mapper.readTree(stored.payload()))));
    // Meta's item, were it decoded again, is no reply any more
    jdbc.sql("UPDATE webhook_events SET payload = '{\"tampered\":true}' WHERE id = :id").param("id", ids.get(0)).update();

    dispatcher.dispatch(ids);

    assertThat(row(ids.get(0)).status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(signalsReceived("4915112345678")).containsExactly("permissionReply");
  }

  @Test
  void aRowStoredBeforeV10_withMetasItemOnly_isStillDecodedFromItAndDispatched() {
    PGSimpleDataSource upgraded = new PGSimpleDataSource();
    upgraded.setUrl(TestDatabase.jdbcUrl(TestDatabase.newDatabaseName()));
    upgraded.setUser("postgres");
    upgraded.setPassword("postgres");
    Flyway.configure().dataSource(upgraded).target("9").load().migrate();
    RawWebhookEvent reply = new WebhookPayloadParser().split(temporaryAcceptNow("4915112345679", "wamid.BEFORE-V10")).get(0);
    // as the intake wrote a row before V10: Meta's item, no decoded event; PENDING when the upgrade comes
    JdbcClient.create(upgraded).sql("""
            INSERT INTO webhook_events (dedupe_key, kind, phone_number_id, wa_id, event_timestamp, payload, status)
            VALUES ('msg:wamid.BEFORE-V10', 'PERMISSION_REPLY', :pnid, '4915112345679', now(),
                    CAST(:payload AS jsonb), 'PENDING')""")
        .param("pnid", PHONE_NUMBER_ID).param("payload", reply.payload().toString()).update();
    Flyway.configure().dataSource(upgraded).load().migrate();
    wireOn(upgraded);

    WebhookDispatcher.Summary summary = dispatcher.dispatchDue();

    assertThat(summary.dispatched()).isEqualTo(1);
    StoredWebhookEvent row = store.findByDedupeKey("msg:wamid.BEFORE-V10").orElseThrow();
    assertThat(row.status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(row.event()).isNull();
    assertThat(signalsReceived("4915112345679")).containsExactly("permissionReply");
  }

  @Test
  void aReplyNamingAResponseUnknownToThisVersion_isStoredIgnored_notActedOn_andIgnoredAgainWhenRequeued() {
    ObjectNode document = temporaryAcceptNow("4915112345681", "wamid.UNKNOWN-VALUE");
    ((ObjectNode) firstMessage(document).path("interactive").path("call_permission_reply")).put("response", "maybe");
    long id = intake.accept(document).stored().get(0).id();
    assertThat(row(id).status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThat(row(id).lastError()).contains("unknown to this version").contains("'maybe' is neither accept nor reject");

    assertThat(store.requeue(List.of(id))).isEqualTo(1);
    dispatcher.dispatchDue();

    assertThat(row(id).status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThatThrownBy(() -> signalsReceived("4915112345681")).as("no run of the pair was ever started")
        .hasMessageContaining("NOT_FOUND");
  }

  @Test
  void aMalformedEventRequeuedByAnOperator_isDecodedFromMetasItemAgain_failingForTheSameReason_orDispatchedOnceItReads() {
    ObjectNode document = temporaryAcceptNow("4915112345680", "wamid.MALFORMED");
    ((ObjectNode) firstMessage(document).path("interactive").path("call_permission_reply"))
        .put("expiration_timestamp", "next week");
    long id = intake.accept(document).stored().get(0).id();
    assertThat(row(id).status()).isEqualTo(WebhookEventStatus.FAILED);
    assertThat(row(id).event()).as("nothing was decoded").isNull();

    assertThat(store.requeue(List.of(id))).isEqualTo(1);
    dispatcher.dispatchDue();

    assertThat(row(id).status()).isEqualTo(WebhookEventStatus.FAILED);
    assertThat(row(id).lastError()).startsWith("malformed PERMISSION_REPLY: ").contains("'next week' is not a UNIX time");

    // what a fixed parser would read: the item decodes now
    jdbc.sql("""
            UPDATE webhook_events SET payload = jsonb_set(payload,
              '{message,interactive,call_permission_reply,expiration_timestamp}',
              to_jsonb(extract(epoch from now() + interval '7 days')::bigint::text)) WHERE id = :id""")
        .param("id", id).update();
    assertThat(store.requeue(List.of(id))).isEqualTo(1);
    dispatcher.dispatchDue();

    assertThat(row(id).status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(signalsReceived("4915112345680")).containsExactly("permissionReply");
  }

  /** Signals in the pair's workflow history: what Temporal accepted, whether or not a worker ran it yet. */
  private List<String> signalsReceived(String waId) {
    return client.fetchHistory(WorkflowIds.permission(PHONE_NUMBER_ID, waId)).getEvents().stream()
        .filter(e -> e.hasWorkflowExecutionSignaledEventAttributes())
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .toList();
  }

  private RawWebhookEvent firstCallStatus() {
    return new WebhookPayloadParser().split(json("call-status-ringing")).get(0);
  }

  private StoredWebhookEvent row(long id) {
    return store.findById(id).orElseThrow();
  }

  private void makeDue(long id) {
    jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() WHERE id = :id").param("id", id).update();
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
