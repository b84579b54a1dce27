package io.wacall.workflows.permission;

import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionLimits;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionView;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
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
 * Writes the checked-in histories that {@link CallPermissionReplayTest} replays. Run it only when
 * a change is meant to be incompatible (and then with a versioning plan), or to add a scenario:
 * {@code ./mvnw -pl workflows test -Dtest=RecordPermissionHistories -Dwacall.recordHistories=true}.
 *
 * <p>{@code -Dwacall.recordHistories.suffix=-deadline-timer} writes {@code <scenario>-deadline-timer.json}
 * beside the histories already checked in, which stay as they are: so were recorded the runs of the
 * shape since one timer per deadline ({@code DeadlineWait}), while the older shapes keep replaying;
 * and with {@code -action-budget}, the runs since the action budget
 * ({@link CallPermissionWorkflowImpl#ACTION_BUDGET_CHANGE}). A run the API starts carries the start's
 * search attributes ({@link PermissionStartAttributes}), as {@code PermissionWorkflows} sets them.
 * {@code -Dwacall.recordHistories.only=<scenario>} records that scenario alone.
 */
@EnabledIfSystemProperty(named = "wacall.recordHistories", matches = "true")
class RecordPermissionHistories {
  static final Path DIR = Path.of("src/test/resources/histories/CallPermission");
  /** Appended to each scenario's file name (see the class comment). */
  static final String SUFFIX = System.getProperty("wacall.recordHistories.suffix", "");
  /** Set: only the scenario of this name is recorded (the others' files stay as they are). */
  static final String ONLY = System.getProperty("wacall.recordHistories.only");
  static final String PHONE = "106540352242922";

  @Test
  void record() throws IOException {
    Files.createDirectories(DIR);
    scenario("temporary-grant-expires", (env, p, wf) -> {
      String request = p.requestPermission(new PermissionRequest("May we call you?", null, null, "agent-1")).messageId();
      p.requestStatus(new RequestDeliveryStatus(request, RequestDeliveryStatus.DeliveryStatus.DELIVERED, now(env), null));
      p.permissionReply(new PermissionReply("wamid.r1", now(env), ReplyResponse.ACCEPT, false,
          now(env).plus(Duration.ofDays(7)), ReplySource.USER_ACTION, request));
      p.callConnected(new CallEvent("wacid.c1", now(env)));
      wf.getResult(PermissionView.class);
    }, null);
    scenario("declined-then-lapsed", (env, p, wf) -> {
      String request = p.requestPermission(new PermissionRequest(null, "call_permission", "en_US", "crm")).messageId();
      p.permissionReply(new PermissionReply("wamid.r2", now(env), ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, request));
      env.sleep(Duration.ofDays(1));
      try {
        p.requestPermission(new PermissionRequest(null, null, null, "crm"));
      } catch (RuntimeException ignored) {
        // the second request in 7 days is allowed after 24 h; either answer is part of the history
      }
      wf.getResult(PermissionView.class);
    }, null);
    scenario("permanent-unanswered-revoked", (env, p, wf) -> {
      p.permissionReply(new PermissionReply("wamid.r3", now(env), ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null));
      for (int i = 1; i <= 4; i++) {
        env.sleep(Duration.ofHours(5));
        p.callUnanswered(new CallEvent("wacid.u" + i, now(env)));
      }
      wf.getResult(PermissionView.class);
    }, null);
    // a test number's relaxed limits (issue 13): two requests in a day, the revoke after 10 unanswered calls
    scenario("test-number-limits", (env, p, wf) -> {
      p.requestPermission(new PermissionRequest(null, null, null, "crm", PermissionLimits.TEST_NUMBER));
      env.sleep(Duration.ofHours(1));
      String request = p.requestPermission(new PermissionRequest(null, null, null, "crm", PermissionLimits.TEST_NUMBER))
          .messageId();
      p.permissionReply(new PermissionReply("wamid.t1", now(env), ReplyResponse.ACCEPT, false,
          now(env).plus(Duration.ofDays(7)), ReplySource.USER_ACTION, request));
      for (int i = 1; i <= 10; i++) {
        env.sleep(Duration.ofHours(2));
        p.callUnanswered(new CallEvent("wacid.tn" + i, now(env), PermissionLimits.TEST_NUMBER));
      }
      wf.getResult(PermissionView.class);
    }, null);
    scenario("permanent-continued-as-new", (env, p, wf) -> {
      p.permissionReply(new PermissionReply("wamid.r4", now(env), ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null));
      for (int i = 1; i <= 8; i++) {
        env.sleep(Duration.ofDays(2));
        p.callConnected(new CallEvent("wacid.k" + i, now(env)));
      }
      env.sleep(Duration.ofSeconds(5));
    }, 40);
    // started as the webhook adapter and the API start it: the message is handled before run() begins
    record("reply-with-start-revoked", (env, client, id) -> {
      Instant grantedAt = now(env);
      replyWithStart(client, id, new PermissionReply("wamid.r5", grantedAt, ReplyResponse.ACCEPT, true, null,
          ReplySource.USER_ACTION, null));
      env.sleep(Duration.ofDays(1));
      CallPermissionWorkflow p = client.newWorkflowStub(CallPermissionWorkflow.class, id);
      p.permissionReply(new PermissionReply("wamid.r6", now(env), ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, null));
      WorkflowStub.fromTyped(p).getResult(PermissionView.class);
      return null; // the last run
    });
    record("request-with-start-granted-then-expired", (env, client, id) -> {
      String request = requestWithStart(client, id).messageId();
      CallPermissionWorkflow p = client.newWorkflowStub(CallPermissionWorkflow.class, id);
      p.permissionReply(new PermissionReply("wamid.r7", now(env), ReplyResponse.ACCEPT, false, null, ReplySource.USER_ACTION, request));
      WorkflowStub.fromTyped(p).getResult(PermissionView.class);
      return null; // the last run
    });
    // the action budget's scenario: a request, the customer's accept, a connected call, the grant lapses
    record("request-accept-connected-lapses", (env, client, id) -> {
      String request = requestWithStart(client, id).messageId();
      env.sleep(Duration.ofMinutes(2));
      CallPermissionWorkflow p = client.newWorkflowStub(CallPermissionWorkflow.class, id);
      p.permissionReply(new PermissionReply("wamid.r10", now(env), ReplyResponse.ACCEPT, false,
          now(env).plus(Duration.ofDays(7)), ReplySource.USER_ACTION, request));
      env.sleep(Duration.ofHours(1));
      p.callConnected(new CallEvent("wacid.c10", now(env)));
      WorkflowStub.fromTyped(p).getResult(PermissionView.class);
      return null; // the last run
    });
    // the reply floor: a fresh run seeded from the read model ignores a reply older than the pair's last change
    record("stale-reply-after-completion-seeded", (env, client, id) -> {
      Instant grantedAt = now(env);
      PermissionReply grant = new PermissionReply("wamid.r8", grantedAt, ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null);
      replyWithStart(client, id, grant);
      env.sleep(Duration.ofDays(1));
      CallPermissionWorkflow first = client.newWorkflowStub(CallPermissionWorkflow.class, id);
      first.permissionReply(new PermissionReply("wamid.r9", now(env), ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, null));
      WorkflowStub.fromTyped(first).getResult(PermissionView.class);
      env.sleep(Duration.ofDays(30));
      replyWithStart(client, id, grant);
      WorkflowStub.fromTyped(client.newWorkflowStub(CallPermissionWorkflow.class, id)).getResult(PermissionView.class);
      return null; // the last run
    });
    // a request whose send's answer was lost (sent, unconfirmed), confirmed by the customer's
    // decline, which lapses 7 days after the decline
    record("request-unconfirmed-declined-lapses", fake -> fake.sendUnconfirmed = "Meta's answer was lost: read timeout",
        (env, client, id) -> {
          requestWithStart(client, id);
          env.sleep(Duration.ofHours(2));
          CallPermissionWorkflow p = client.newWorkflowStub(CallPermissionWorkflow.class, id);
          p.requestStatus(new RequestDeliveryStatus("wamid.u1", RequestDeliveryStatus.DeliveryStatus.DELIVERED, now(env), null));
          env.sleep(Duration.ofDays(2));
          p.permissionReply(new PermissionReply("wamid.r11", now(env), ReplyResponse.REJECT, false, null,
              ReplySource.USER_ACTION, "wamid.u1"));
          WorkflowStub.fromTyped(p).getResult(PermissionView.class);
          return null; // the last run
        });
  }

  /** What a recording runs: returns the run whose history is recorded, null for the last one. */
  interface Recording {
    String run(TestWorkflowEnvironment env, WorkflowClient client, String workflowId) throws IOException;
  }

  private void record(String name, Recording recording) throws IOException {
    record(name, fake -> { }, recording);
  }

  private void record(String name, java.util.function.Consumer<FakePermissionActivities> outsideWorld,
      Recording recording) throws IOException {
    if (ONLY != null && !ONLY.equals(name)) {
      return;
    }
    try (TestWorkflowEnvironment env = TestSearchAttributes.registered(TestWorkflowEnvironment.newInstance())) {
      Worker worker = env.newWorker(WorkflowIds.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class);
      FakePermissionActivities fake = new FakePermissionActivities();
      outsideWorld.accept(fake);
      worker.registerActivitiesImplementations(fake);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String id = WorkflowIds.permission(PHONE, "5521987650" + Math.abs(name.hashCode() % 1000));
      String run = recording.run(env, client, id);
      Files.writeString(DIR.resolve(name + SUFFIX + ".json"),
          (run == null ? client.fetchHistory(id) : client.fetchHistory(id, run)).toJson(true));
    }
  }

  private static void replyWithStart(WorkflowClient client, String id, PermissionReply reply) {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(WorkflowIds.TASK_QUEUE).build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, PermissionInput.fresh(PHONE, id.substring(id.lastIndexOf(':') + 1)));
    request.add(stub::permissionReply, reply);
    client.signalWithStart(request);
  }

  private static PermissionRequestResult requestWithStart(WorkflowClient client, String id) {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id).setTaskQueue(WorkflowIds.TASK_QUEUE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setTypedSearchAttributes(PermissionStartAttributes.ofRequest(PHONE)).build());
    return WorkflowClient.executeUpdateWithStart(stub::requestPermission, new PermissionRequest(null, null, null, "crm"),
        UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(stub::run, PermissionInput.fresh(PHONE, id.substring(id.lastIndexOf(':') + 1))));
  }

  interface Scenario {
    void run(TestWorkflowEnvironment env, CallPermissionWorkflow permission, WorkflowStub untyped) throws IOException;
  }

  /** Started plainly (WorkflowClient.start); records the history of the first run. */
  private void scenario(String name, Scenario scenario, Integer maxHistoryEvents) throws IOException {
    record(name, (env, client, id) -> {
      CallPermissionWorkflow permission = client.newWorkflowStub(CallPermissionWorkflow.class,
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(WorkflowIds.TASK_QUEUE).build());
      WorkflowClient.start(permission::run, new PermissionInput(PHONE, id.substring(id.lastIndexOf(':') + 1), null, maxHistoryEvents));
      WorkflowStub untyped = WorkflowStub.fromTyped(permission);
      String firstRun = untyped.getExecution().getRunId();
      scenario.run(env, client.newWorkflowStub(CallPermissionWorkflow.class, id), untyped);
      return firstRun;
    });
  }

  private static Instant now(TestWorkflowEnvironment env) {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
