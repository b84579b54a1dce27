package io.wacall.backend.activity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.CloudApiProperties;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.PermissionSends;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.permission.PermissionActivities;
import io.wacall.workflows.permission.PermissionActivities.PlaceRequest;
import io.wacall.workflows.permission.PermissionActivities.PlacedRequest;
import io.wacall.workflows.permission.PermissionActivities.RecordedPermission;
import io.wacall.workflows.permission.PermissionActivities.SendPermissionRequest;
import io.wacall.workflows.permission.PermissionData;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code PlacePermissionRequest}, a request as one activity, as a workflow runs it (through
 * Temporal's activity environment): the read model in a real PostgreSQL, Meta as WireMock on
 * loopback.
 */
class PermissionActivitiesImplTest {
  static final String PNID = "106540352242922";
  static final String WA_ID = "5521987650777";
  static final String WAMID = "wamid.HBgLPLACED";
  static final String MESSAGES = "/v23.0/" + PNID + "/messages";
  static final String CALL_PERMISSIONS = "/v23.0/" + PNID + "/call_permissions";
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  static WireMockServer meta;

  /** The workflow's instant of the request. */
  final Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  JdbcClient jdbc;
  PermissionReadModel readModel;
  TestActivityEnvironment temporal;

  @BeforeAll
  static void startMeta() {
    meta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
  }

  @AfterAll
  static void stopMeta() {
    meta.stop();
  }

  @BeforeEach
  void setUp() {
    meta.resetAll();
    jdbc = JdbcClient.create(TestDatabase.newDatabase());
    readModel = new PermissionReadModel(jdbc, JSON);
    temporal = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    temporal.close();
  }

  @Test
  void aRequestLoadsThePairsRecord_asksMeta_sends_andWritesThePendingRequestWithMetasWamid() {
    Instant revokedAt = at.minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    readModel.record(new PermissionView(PNID, WA_ID, PermissionStatus.REVOKED, false, null, null, null, List.of(),
        null, 0, null, null, revokedAt, List.of(), 7, revokedAt), "the-previous-run");
    metaAllowsARequest();
    metaAcceptsTheMessage();

    PlacedRequest placed = activities(readModel).placePermissionRequest(place(true));

    assertThat(placed.messageId()).isEqualTo(WAMID);
    assertThat(placed.pendingRecorded()).isTrue();
    assertThat(placed.recorded()).isEqualTo(new RecordedPermission(PermissionStatus.REVOKED, revokedAt));
    assertThat(placed.cloud().status()).isEqualTo(PermissionStatus.NONE);
    assertThat(placed.cloud().canSendRequest()).isTrue();
    meta.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + PNID + "/messages")));
    PermissionReadModel.PermissionRow row = readModel.find(PNID, WA_ID).orElseThrow();
    assertThat(row.status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(row.pendingRequestId()).isEqualTo(WAMID);
    assertThat(row.pendingRequestExpiresAt()).isEqualTo(at.plus(Duration.ofDays(7)));
    assertThat(row.requestLog()).containsExactly(at);
    assertThat(row.lastChangeAt()).isEqualTo(at);
    assertThat(jdbc.sql("SELECT wa_id FROM permission_requests WHERE message_id = :id").param("id", WAMID)
        .query(String.class).single()).isEqualTo(WA_ID);
  }

  @Test
  void withoutLoadRecord_noRecordIsAnswered() {
    metaAllowsARequest();
    metaAcceptsTheMessage();

    PlacedRequest placed = activities(readModel).placePermissionRequest(place(false));

    assertThat(placed.recorded()).isNull();
    assertThat(placed.messageId()).isEqualTo(WAMID);
  }

  @Test
  void whenMetaReportsAPermanentGrant_nothingIsSentNorWritten() {
    metaAnswers("""
        {"messaging_product":"whatsapp","permission":{"status":"permanent"},
         "actions":[{"action_name":"send_call_permission_request","can_perform_action":false}]}""");
    metaAcceptsTheMessage();

    PlacedRequest placed = activities(readModel).placePermissionRequest(place(true));

    assertThat(placed.messageId()).isNull();
    assertThat(placed.pendingRecorded()).isFalse();
    assertThat(placed.cloud().status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(placed.recorded()).isNull(); // a pair never recorded
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PNID + "/messages")));
    assertThat(readModel.find(PNID, WA_ID)).isEmpty();
  }

  @Test
  void whenMetasRequestLimitIsReached_nothingIsSent_andMetasNextInstantIsAnswered() {
    metaAnswers("""
        {"messaging_product":"whatsapp","permission":{"status":"no_permission"},
         "actions":[{"action_name":"send_call_permission_request","can_perform_action":false,
           "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":1,"limit_expiration_time":1900000000}]}]}""");

    PlacedRequest placed = activities(readModel).placePermissionRequest(place(false));

    assertThat(placed.messageId()).isNull();
    assertThat(placed.cloud().canSendRequest()).isFalse();
    assertThat(placed.cloud().nextRequestAllowedAt()).isEqualTo(Instant.ofEpochSecond(1900000000));
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PNID + "/messages")));
  }

  @Test
  void whenMetasLookupFails_theRequestIsSentAnyway() {
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + PNID + "/call_permissions")).willReturn(aResponse().withStatus(500)));
    metaAcceptsTheMessage();

    PlacedRequest placed = activities(readModel).placePermissionRequest(place(false));

    assertThat(placed.cloud()).isNull();
    assertThat(placed.messageId()).isEqualTo(WAMID);
    assertThat(placed.pendingRecorded()).isTrue();
  }

  @Test
  void aSendMetaRefuses_failsWithItsType_andWritesNothing() {
    metaAllowsARequest();
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PNID + "/messages")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("""
            {"error":{"message":"Permission request limit reached","type":"OAuthException","code":138009,
             "fbtrace_id":"AbC"}}""")));

    ActivityFailure failure = catchThrowableOfType(
        () -> activities(readModel).placePermissionRequest(place(true)), ActivityFailure.class);

    assertThat(failure.getCause()).isInstanceOfSatisfying(ApplicationFailure.class,
        cause -> assertThat(cause.getType()).isEqualTo(FailureTypes.CLOUD_API_THROTTLED));
    assertThat(readModel.find(PNID, WA_ID)).isEmpty();
  }

  @Test
  void aWriteThatFailsOnceMetaAcceptedTheMessage_isAnswered_notThrown_soNoRetrySendsItAgain() {
    metaAllowsARequest();
    metaAcceptsTheMessage();
    PermissionReadModel down = new PermissionReadModel(jdbc, JSON) {
      @Override
      public boolean record(PermissionView v, String runId) {
        throw new IllegalStateException("the database went away");
      }
    };

    PlacedRequest placed = activities(down).placePermissionRequest(place(false));

    assertThat(placed.messageId()).isEqualTo(WAMID);
    assertThat(placed.pendingRecorded()).isFalse();
    meta.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + PNID + "/messages")));
  }

  // --- Meta's quality restrictions (issue 13)

  @Test
  void whileMetaPausesBusinessInitiatedCalling_nothingIsSent_andTheRequestWaitsForThePausesEnd_asOfTheWorkflowsInstant() {
    metaAllowsARequest();
    metaAcceptsTheMessage();
    CallingRestrictions restrictions = new CallingRestrictions(jdbc);
    Instant until = at.plus(Duration.ofDays(7));
    restrictions.record(new CallingRestrictions.Restriction(PNID, CallingRestrictions.Kind.BUSINESS_INITIATED,
        "RESTRICTED_BUSINESS_INITIATED_CALLING", until, at));
    PermissionActivities paused = restricted(restrictions);

    PlacedRequest refused = paused.placePermissionRequest(place(false));

    assertThat(refused.messageId()).isNull();
    assertThat(refused.cloud().canSendRequest()).isFalse();
    assertThat(refused.cloud().nextRequestAllowedAt()).isEqualTo(until);
    meta.verify(0, postRequestedFor(urlPathEqualTo(MESSAGES)));

    // the pause has ended at the workflow's instant of the next request: it is sent
    PlacedRequest sent = paused.placePermissionRequest(placeAt(until.plusSeconds(1)));
    assertThat(sent.messageId()).isEqualTo(WAMID);
    meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  private PermissionActivities restricted(CallingRestrictions restrictions) {
    temporal.registerActivitiesImplementations(new PermissionActivitiesImpl(new CloudApiClient(metaProperties()),
        readModel, new PermissionSends(jdbc), restrictions, WacallMetrics.noop(), Clock.systemUTC()));
    return temporal.newActivityStub(PermissionActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30)).build());
  }

  // --- never sent twice (issue 10, bug 2)

  @Test
  void aSendWhoseAnswerIsLost_isAnsweredSentUnconfirmed_withMetasViewAfterIt_andIsNeverSentAgain() {
    metaAllowsARequest();
    meta.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    PlacedRequest placed = activities(readModel).placePermissionRequest(place(true));

    assertThat(placed.sentUnconfirmed()).isTrue();
    assertThat(placed.unconfirmed()).startsWith("Meta's answer was lost");
    assertThat(placed.messageId()).isNull();
    assertThat(placed.cloud()).isNotNull(); // asked again after the send
    meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)));
    meta.verify(2, getRequestedFor(urlPathEqualTo(CALL_PERMISSIONS)));
    assertThat(readModel.find(PNID, WA_ID)).isEmpty(); // the workflow records the unconfirmed request
  }

  @Test
  void anAttemptThatStoppedAfterMetaAcceptedTheMessage_isAnsweredWithItsWamidByTheNext_notSentAgain() {
    metaAllowsARequest();
    metaAcceptsTheMessage();
    PermissionReadModel stopsOnce = new PermissionReadModel(jdbc, JSON) {
      boolean stopped;

      @Override
      public boolean record(PermissionView v, String runId) {
        if (!stopped) {
          stopped = true;
          // the attempt ends once Meta had accepted the message, unanswered (as when its worker dies)
          throw WorkerStopped.sneaky();
        }
        return super.record(v, runId);
      }
    };

    PlacedRequest placed = attempts(new CloudApiClient(metaProperties()), stopsOnce, new PermissionSends(jdbc), place(false));

    assertThat(placed.messageId()).isEqualTo(WAMID);
    assertThat(placed.pendingRecorded()).isTrue();
    assertThat(placed.sentUnconfirmed()).isFalse();
    meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)));
    assertThat(readModel.find(PNID, WA_ID).orElseThrow().pendingRequestId()).isEqualTo(WAMID);
  }

  @Test
  void anAttemptThatStoppedWhileSending_leavesTheNextSentUnconfirmed_notSentAgain() {
    metaAllowsARequest();
    metaAcceptsTheMessage();
    // Meta accepts the message, and the attempt ends before it learns so (as when its worker dies)
    CloudApiClient stopsAfterSending = new CloudApiClient(metaProperties()) {
      @Override
      public String sendPermissionRequest(String phoneNumberId, String to, String bodyText) {
        super.sendPermissionRequest(phoneNumberId, to, bodyText);
        throw WorkerStopped.sneaky();
      }
    };

    PlacedRequest placed = attempts(stopsAfterSending, readModel, new PermissionSends(jdbc), place(false));

    assertThat(placed.sentUnconfirmed()).isTrue();
    assertThat(placed.unconfirmed()).contains("began to send and never finished");
    meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  @Test
  void aSendThatSurelyNeverLeft_isSentByTheNextAttempt() throws Exception {
    metaAllowsARequest();
    metaAcceptsTheMessage();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CloudApiClient refused = new CloudApiClient(CloudApiProperties.of("http://127.0.0.1:" + closedPort, "token"));
    // the first attempt's connection is refused (nothing left); the next reaches Meta
    CloudApiClient refusedOnce = new CloudApiClient(metaProperties()) {
      boolean first = true;

      @Override
      public String sendPermissionRequest(String phoneNumberId, String to, String bodyText) {
        if (first) {
          first = false;
          return refused.sendPermissionRequest(phoneNumberId, to, bodyText);
        }
        return super.sendPermissionRequest(phoneNumberId, to, bodyText);
      }
    };

    PlacedRequest placed = attempts(refusedOnce, readModel, new PermissionSends(jdbc), place(false));

    assertThat(placed.messageId()).isEqualTo(WAMID);
    assertThat(placed.sentUnconfirmed()).isFalse();
    meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)));
  }

  /** An attempt that ends unanswered, as when its worker dies: a checked exception no code of ours catches. */
  static final class WorkerStopped {
    static RuntimeException sneaky() {
      return WorkerStopped.<RuntimeException>rethrow(new java.io.IOException("the worker stopped"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
      throw (T) t;
    }
  }

  // --- helpers

  /**
   * The activity retried as Temporal retries it: scheduled by a workflow on the SDK's test server,
   * up to 3 attempts (TestActivityEnvironment runs an activity once).
   */
  private PlacedRequest attempts(CloudApiClient cloudApi, PermissionReadModel model, PermissionSends sends,
      PlaceRequest place) {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("permission-sends");
      worker.registerWorkflowImplementationTypes(PlaceWithRetries.class);
      worker.registerActivitiesImplementations(new PermissionActivitiesImpl(cloudApi, model, sends,
          WacallMetrics.noop(), Clock.systemUTC()));
      env.start();
      return env.getWorkflowClient().newWorkflowStub(Place.class,
          WorkflowOptions.newBuilder().setTaskQueue("permission-sends").build()).place(place);
    }
  }

  @WorkflowInterface
  public interface Place {
    @WorkflowMethod
    PlacedRequest place(PlaceRequest place);
  }

  public static class PlaceWithRetries implements Place {
    @Override
    public PlacedRequest place(PlaceRequest place) {
      return Workflow.newActivityStub(PermissionActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).setInitialInterval(Duration.ofMillis(10)).build())
          .build()).placePermissionRequest(place);
    }
  }

  /** The activity as a workflow calls it, run once (a refusal is answered as a workflow would see it). */
  private PermissionActivities activities(PermissionReadModel model) {
    return activities(model, new PermissionSends(jdbc));
  }

  private PermissionActivities activities(PermissionReadModel model, PermissionSends sends) {
    return activities(new CloudApiClient(metaProperties()), model, sends);
  }

  private static CloudApiProperties metaProperties() {
    return CloudApiProperties.of("http://127.0.0.1:" + meta.port(), "token");
  }

  private PermissionActivities activities(CloudApiClient cloudApi, PermissionReadModel model, PermissionSends sends) {
    temporal.registerActivitiesImplementations(new PermissionActivitiesImpl(cloudApi, model, sends,
        WacallMetrics.noop(), Clock.systemUTC()));
    return temporal.newActivityStub(PermissionActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).setInitialInterval(Duration.ofMillis(10)).build())
        .build());
  }

  /** A request reserved and sent at {@link #at}, as the workflow hands it over. */
  private PlaceRequest place(boolean loadRecord) {
    return place(loadRecord, at);
  }

  private PlaceRequest placeAt(Instant when) {
    return place(false, when);
  }

  private static PlaceRequest place(boolean loadRecord, Instant when) {
    PermissionData state = new PermissionData();
    state.reserveRequest(when);
    state.requestSent("wamid.pending", when, "agent-7");
    return new PlaceRequest(new SendPermissionRequest(PNID, WA_ID, "May we call you?", null, null), when, loadRecord,
        state.view(PNID, WA_ID, when));
  }

  private static void metaAllowsARequest() {
    metaAnswers("""
        {"messaging_product":"whatsapp","permission":{"status":"no_permission"},
         "actions":[{"action_name":"send_call_permission_request","can_perform_action":true,
           "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":0}]}]}""");
  }

  private static void metaAnswers(String callPermissions) {
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + PNID + "/call_permissions")).willReturn(okJson(callPermissions)));
  }

  private static void metaAcceptsTheMessage() {
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PNID + "/messages")).willReturn(okJson("""
        {"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],"messages":[{"id":"%s"}]}"""
        .formatted(WA_ID, WA_ID, WAMID))));
  }
}
