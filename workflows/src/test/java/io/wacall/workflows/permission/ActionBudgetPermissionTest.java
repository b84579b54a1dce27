package io.wacall.workflows.permission;

import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Functions;
import io.wacall.workflows.budget.ActionCounter;
import io.wacall.workflows.budget.ActionCounter.Breakdown;
import io.wacall.workflows.budget.ActionCounter.Category;
import io.wacall.workflows.budget.ActionCounter.StartKind;
import io.wacall.workflows.common.TestSearchAttributes;
import io.wacall.contract.WorkflowIds;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The action budget of CallPermission: the API's request (update-with-start of
 * {@code requestPermission} with the start's search attributes, as {@code PermissionController.request}
 * through {@code PermissionWorkflows}), the customer's accept (the webhook adapter's
 * signal-with-start of {@code permissionReply}, as {@code PermissionReplyRouter}) and one connected
 * call (the call workflow's {@code NotifyPermission} activity: signal-with-start of
 * {@code callConnected}), on the time-skipping test server, until the temporary grant lapses and
 * the run completes. Then the run's billable actions are counted with {@link ActionCounter} and
 * printed, and held to the target of 9 (the update-with-start and the two signals are 4 of
 * them; see {@link CallPermissionRunInBudget} for the other 5). Message statuses of the request
 * (sent, delivered, read) are left out, as in the scenario; each would be one more signal.
 *
 * <p>The breakdowns go to standard output, which surefire keeps in
 * {@code target/surefire-reports/<this class>-output.txt}; {@code -Dwacall.budget.events=true} adds
 * every history event with what it costs.
 */
class ActionBudgetPermissionTest {
  /**
   * Issue target: a request, the customer's accept and one connected call; what the test asserts.
   * Measured since the action budget ({@link CallPermissionWorkflowImpl#ACTION_BUDGET_CHANGE}): 9
   * in every run (the request is one activity, so no order of completions adds a write). Before:
   * 18-19, by the order in which the first workflow task's activities completed.
   */
  static final int REQUEST_ACCEPT_CONNECTED_TARGET = 9;

  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987659901";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  /** A fresh outside world per test (the extension is per test too). */
  final FakePermissionActivities activities = new FakePermissionActivities();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class)
      .setActivityImplementations(activities)
      .setInitialTime(START)
      .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
  }

  @Test
  void aRequestTheCustomersAcceptAndOneConnectedCall() {
    // the API: update-with-start of requestPermission
    CallPermissionWorkflow starting = client.newWorkflowStub(CallPermissionWorkflow.class, options()
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setTypedSearchAttributes(PermissionStartAttributes.ofRequest(PHONE))
        .build());
    PermissionRequestResult sent = WorkflowClient.executeUpdateWithStart(starting::requestPermission,
        new PermissionRequest("May we call you about your order?", null, null, "agent-7"),
        UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(starting::run, PermissionInput.fresh(PHONE, CUSTOMER)));
    assertThat(sent.state().status()).isEqualTo(PermissionStatus.PENDING);
    settle(PermissionStatus.PENDING);

    // two minutes later the customer accepts (temporary, Meta's 7 days): the webhook adapter's signal-with-start
    env.sleep(Duration.ofMinutes(2));
    Instant repliedAt = now();
    signalWithStart(wf -> wf::permissionReply, new PermissionReply("wamid.budget-reply", repliedAt,
        ReplyResponse.ACCEPT, false, repliedAt.plus(Duration.ofDays(7)), ReplySource.USER_ACTION, sent.messageId()));
    settle(PermissionStatus.TEMPORARY);

    // an hour later a call connects: the call workflow's NotifyPermission activity, signal-with-start
    env.sleep(Duration.ofHours(1));
    signalWithStart(wf -> wf::callConnected, new CallEvent("wacid.budget-call", now()));
    await().until(() -> running().state().requestLog().isEmpty());
    settle(PermissionStatus.TEMPORARY);

    // nothing else happens: the grant lapses after 7 days and the run completes
    PermissionView last = client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, CUSTOMER))
        .getResult(PermissionView.class);
    assertThat(last.status()).isEqualTo(PermissionStatus.EXPIRED);

    Breakdown permission = ActionCounter.count(client.fetchHistory(WorkflowIds.permission(PHONE, CUSTOMER)))
        .print("CallPermission: request (update-with-start), accept, one connected call, grant lapses");
    assertThat(permission.startKind()).isEqualTo(StartKind.UPDATE_WITH_START);
    // the fixed part: the update-with-start (1 + 1) and the two signals
    assertThat(permission.get(Category.START) + permission.get(Category.UPDATES_ACCEPTED)
        + permission.get(Category.SIGNALS)).isEqualTo(4);
    assertThat(permission.total()).as("the issue's target").isLessThanOrEqualTo(REQUEST_ACCEPT_CONNECTED_TARGET);
  }

  // --- helpers

  /** What {@code PermissionWorkflows.signalWithStart} does: start the pair's run if none is open, and signal it. */
  private <A> void signalWithStart(Function<CallPermissionWorkflow, Functions.Proc1<A>> signal, A arg) {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, options().build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, PermissionInput.fresh(PHONE, CUSTOMER));
    request.add(signal.apply(stub), arg);
    client.signalWithStart(request);
  }

  /** {@code PermissionWorkflows.options}: the pair's ID, the task queue, a summary without the customer's number. */
  private WorkflowOptions.Builder options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, CUSTOMER))
        .setTaskQueue(taskQueue)
        .setStaticSummary("Call permission of business number " + PHONE);
  }

  /**
   * Waits until the run has handled everything sent to it and shows {@code status}, and the read
   * model shows it too: nothing left in flight. (The read model is written when what it shows
   * changes, not on every event; the live state is the run's query.)
   */
  private void settle(PermissionStatus status) {
    await().until(() -> {
      PermissionView live = running().state();
      PermissionView recorded = activities.lastRecorded();
      return live.status() == status && recorded != null && recorded.status() == status;
    });
  }

  private CallPermissionWorkflow running() {
    return client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, CUSTOMER));
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
