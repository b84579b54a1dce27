package io.wacall.workflows.call;

import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.DeclineRequest;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.workflows.common.TestSearchAttributes;
import io.wacall.contract.WorkflowIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the checked-in histories that {@link CallReplayTest} replays. Run it only to add a
 * scenario, or when a change is meant to be incompatible (and then with a versioning plan):
 * {@code ./mvnw -pl workflows test -Dtest=RecordCallHistories -Dwacall.recordHistories=true}.
 *
 * <p>{@code -Dwacall.recordHistories.suffix=-deadline-timer} writes {@code <scenario>-deadline-timer.json}
 * beside the histories already checked in, which stay as they are: so were recorded the runs of the
 * shape since one timer per deadline ({@code DeadlineWait}), while the older shapes keep replaying.
 */
@EnabledIfSystemProperty(named = "wacall.recordHistories", matches = "true")
class RecordCallHistories {
  static final Path INBOUND_DIR = Path.of("src/test/resources/histories/InboundCall");
  static final Path OUTBOUND_DIR = Path.of("src/test/resources/histories/OutboundCall");
  /** Appended to each scenario's file name (see the class comment). */
  static final String SUFFIX = System.getProperty("wacall.recordHistories.suffix", "");
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void inbound() throws IOException {
    Files.createDirectories(INBOUND_DIR);
    inbound("missed-after-failover", (env, fake, call, wacid) -> {
      start(env, call, wacid, connect(wacid, env));
    });
    inbound("declined-then-answered-and-hung-up", (env, fake, call, wacid) -> {
      start(env, call, wacid, connect(wacid, env));
      await().until(() -> fake.notified.size() == 1);
      call.decline(new DeclineRequest("a-1", "busy"));
      await().until(() -> fake.notified.size() == 2);
      try {
        call.answer(new AnswerRequest("a-1", "v=0 too late"));
      } catch (RuntimeException refused) {
        // not recorded: the validator refused it
      }
      call.answer(new AnswerRequest("a-2", "v=0 answer"));
      env.sleep(Duration.ofSeconds(20));
      call.callEvent(connect(wacid, env)); // a duplicate
      call.hangUp(new HangUpRequest("a-2"));
      call.callEvent(CallWebhookEvent.terminate(wacid, now(env), "COMPLETED", 20, now(env).minusSeconds(20), now(env),
          null, null, CUSTOMER, "5511955550123", "USER_INITIATED"));
    });
    inbound("terminate-before-connect", (env, fake, call, wacid) -> {
      start(env, call, wacid, CallWebhookEvent.terminate(wacid, now(env), "COMPLETED", null, null, null, null, null,
          CUSTOMER, "5511955550123", "USER_INITIATED"));
      call.callEvent(connect(wacid, env));
    });
    inbound("caller-hangs-up-while-ringing", (env, fake, call, wacid) -> {
      start(env, call, wacid, connect(wacid, env));
      await().until(() -> fake.notified.size() == 1);
      env.sleep(Duration.ofSeconds(3));
      call.callEvent(CallWebhookEvent.terminate(wacid, now(env), "COMPLETED", null, null, null, null, null, CUSTOMER,
          "5511955550123", "USER_INITIATED"));
    });
    inbound("accept-failed", (env, fake, call, wacid) -> {
      fake.acceptFailure = () -> FakeCallActivities.cloudFailure(FailureTypes.CLOUD_API_TRANSIENT, 500, 138004, null,
          true);
      start(env, call, wacid, connect(wacid, env));
      await().until(() -> fake.notified.size() == 1);
      call.answer(new AnswerRequest("a-1", "v=0 answer"));
    });
  }

  @Test
  void outbound() throws IOException {
    Files.createDirectories(OUTBOUND_DIR);
    outbound("refused-permission-required", (env, fake, call, requestId) -> {
      fake.check = new OutboundCheck(true, true, "BR", "Brazil", null, false, "EXPIRED");
      try {
        connect(env, requestId);
      } catch (RuntimeException refused) {
        // the refusal is part of the history
      }
    });
    outbound("answered-and-hung-up", (env, fake, call, requestId) -> {
      String wacid = connect(env, requestId).wacid();
      call.callEvent(CallWebhookEvent.connect(wacid, now(env), "v=0 meta-answer", "5511955550123", CUSTOMER,
          "BUSINESS_INITIATED"));
      call.callEvent(CallWebhookEvent.status(wacid, now(env), "RINGING"));
      env.sleep(Duration.ofSeconds(4));
      call.callEvent(CallWebhookEvent.status(wacid, now(env), "ACCEPTED"));
      call.callEvent(CallWebhookEvent.status(wacid, now(env), "RINGING")); // stale
      await().until(() -> call.state().status() == CallStatus.CONNECTED);
      env.sleep(Duration.ofSeconds(50));
      call.hangUp(new HangUpRequest("a-1"));
      call.callEvent(CallWebhookEvent.terminate(wacid, now(env), "COMPLETED", 50, now(env).minusSeconds(50), now(env),
          null, null, "5511955550123", CUSTOMER, "BUSINESS_INITIATED"));
    });
    outbound("not-answered-terminated", (env, fake, call, requestId) -> {
      String wacid = connect(env, requestId).wacid();
      call.callEvent(CallWebhookEvent.status(wacid, now(env), "RINGING"));
      env.sleep(Duration.ofSeconds(31));
      await().until(() -> fake.cloudActions().contains("terminate"));
      call.callEvent(CallWebhookEvent.terminate(wacid, now(env), "COMPLETED", null, null, null, null, null,
          "5511955550123", CUSTOMER, "BUSINESS_INITIATED"));
    });
    outbound("rejected", (env, fake, call, requestId) -> {
      String wacid = connect(env, requestId).wacid();
      call.callEvent(CallWebhookEvent.status(wacid, now(env), "REJECTED"));
      call.callEvent(CallWebhookEvent.terminate(wacid, now(env), "COMPLETED", null, null, null, null, null,
          "5511955550123", CUSTOMER, "BUSINESS_INITIATED"));
    });
    outbound("ambiguous-connect-unconfirmed", (env, fake, call, requestId) -> {
      fake.connectWill(FakeCallActivities::readTimeout);
      connect(env, requestId);
    });
    outbound("ambiguous-connect-confirmed-by-webhooks", (env, fake, call, requestId) -> {
      fake.connectWill(FakeCallActivities::readTimeout);
      connect(env, requestId);
      env.sleep(Duration.ofSeconds(2));
      call.callEvent(CallWebhookEvent.status("wacid.from-webhook", now(env), "RINGING"));
      call.callEvent(CallWebhookEvent.status("wacid.from-webhook", now(env), "REJECTED"));
      call.callEvent(CallWebhookEvent.terminate("wacid.from-webhook", now(env), "COMPLETED", null, null, null, null,
          null, "5511955550123", CUSTOMER, "BUSINESS_INITIATED"));
    });
  }

  interface InboundScenario {
    void run(TestWorkflowEnvironment env, FakeCallActivities fake, InboundCallWorkflow call, String wacid);
  }

  interface OutboundScenario {
    void run(TestWorkflowEnvironment env, FakeCallActivities fake, OutboundCallWorkflow call, String requestId);
  }

  private void inbound(String name, InboundScenario scenario) throws IOException {
    String wacid = "wacid.replay-" + name;
    String id = WorkflowIds.inboundCall(wacid);
    try (TestWorkflowEnvironment env = environment()) {
      FakeCallActivities fake = worker(env);
      InboundCallWorkflow call = env.getWorkflowClient().newWorkflowStub(InboundCallWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(WorkflowIds.TASK_QUEUE).build());
      scenario.run(env, fake, call, wacid);
      WorkflowStub.fromTyped(call).getResult(CallView.class);
      Files.writeString(INBOUND_DIR.resolve(name + SUFFIX + ".json"), env.getWorkflowClient().fetchHistory(id).toJson(true));
    }
  }

  private void outbound(String name, OutboundScenario scenario) throws IOException {
    String requestId = "replay-" + name;
    String id = WorkflowIds.outboundCall(requestId);
    try (TestWorkflowEnvironment env = environment()) {
      FakeCallActivities fake = worker(env);
      OutboundCallWorkflow call = env.getWorkflowClient().newWorkflowStub(OutboundCallWorkflow.class, id);
      scenario.run(env, fake, call, requestId);
      env.getWorkflowClient().newUntypedWorkflowStub(id).getResult(CallView.class);
      Files.writeString(OUTBOUND_DIR.resolve(name + SUFFIX + ".json"), env.getWorkflowClient().fetchHistory(id).toJson(true));
    }
  }

  private static TestWorkflowEnvironment environment() {
    return TestSearchAttributes.registered(TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setInitialTime(START)
        .build()));
  }

  private static FakeCallActivities worker(TestWorkflowEnvironment env) {
    FakeCallActivities fake = new FakeCallActivities();
    Worker worker = env.newWorker(WorkflowIds.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(InboundCallWorkflowImpl.class, OutboundCallWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    return fake;
  }

  private static void start(TestWorkflowEnvironment env, InboundCallWorkflow call, String wacid,
      CallWebhookEvent first) {
    WorkflowClient client = env.getWorkflowClient();
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(call::run, new InboundCallInput(wacid, PHONE, null));
    request.add(call::callEvent, first);
    client.signalWithStart(request);
  }

  private static OutboundConnectResult connect(TestWorkflowEnvironment env, String requestId) {
    OutboundCallWorkflow call = env.getWorkflowClient().newWorkflowStub(OutboundCallWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.outboundCall(requestId))
            .setTaskQueue(WorkflowIds.TASK_QUEUE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build());
    return WorkflowClient.executeUpdateWithStart(call::connectResult,
        UpdateOptions.<OutboundConnectResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(call::run,
            new OutboundCallInput(requestId, PHONE, CUSTOMER, "a-1", "v=0 offer", Duration.ofSeconds(30))));
  }

  private static CallWebhookEvent connect(String wacid, TestWorkflowEnvironment env) {
    return CallWebhookEvent.connect(wacid, now(env), "v=0 offer", CUSTOMER, "5511955550123", "USER_INITIATED");
  }

  private static Instant now(TestWorkflowEnvironment env) {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
