package io.wacall.benchmark;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.workflows.budget.ActionCounter;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Item 5 of the benchmark, second half: a permanent grant lived through a simulated year (the
 * SDK's time-skipping test server, the real CallPermissionWorkflowImpl, activities that do
 * nothing), the customer connecting {@code callsPerDay} calls a day. Reads back the chain of runs
 * (continue-as-new keeps each history bounded) and reports the longest history and the year's
 * billable actions.
 */
final class PermissionYear {
  record Result(int days, int calls, int runs, int longestHistory, int totalEvents, int actions) {}

  private PermissionYear() {}

  static Result simulate(int days, int callsPerDay) {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WacallSearchAttributes.ALL.forEach(env::registerSearchAttribute);
      Worker worker = env.newWorker("benchmark-permission-year");
      worker.registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class);
      worker.registerActivitiesImplementations(new OpenPermissions.NoActivities(ConcurrentHashMap.newKeySet()));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String workflowId = "permission:106540352200009:5511900000001";
      CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(workflowId).setTaskQueue("benchmark-permission-year").build());
      BatchRequest start = client.newSignalWithStartRequest();
      start.add(stub::run, PermissionInput.fresh("106540352200009", "5511900000001"));
      start.add(stub::permissionReply, new PermissionReply("wamid.year", Instant.ofEpochMilli(env.currentTimeMillis()),
          ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null));
      WorkflowExecution first = client.signalWithStart(start);
      CallPermissionWorkflow running = client.newWorkflowStub(CallPermissionWorkflow.class, workflowId);
      Duration between = Duration.ofDays(1).dividedBy(callsPerDay);
      int calls = 0;
      for (int day = 0; day < days; day++) {
        for (int k = 0; k < callsPerDay; k++) {
          env.sleep(between);
          running.callConnected(new CallEvent("inbound-call:wacid.year." + calls++,
              Instant.ofEpochMilli(env.currentTimeMillis())));
        }
      }
      env.sleep(Duration.ofMinutes(1));
      return chain(client, workflowId, first.getRunId(), days, calls);
    }
  }

  /** Follows the runs from the first by their continue-as-new events. */
  private static Result chain(WorkflowClient client, String workflowId, String runId, int days, int calls) {
    int runs = 0;
    int longest = 0;
    int total = 0;
    int actions = 0;
    while (runId != null) {
      WorkflowExecutionHistory history = client.fetchHistory(workflowId, runId);
      List<HistoryEvent> events = history.getEvents();
      runs++;
      longest = Math.max(longest, events.size());
      total += events.size();
      actions += ActionCounter.count(history).total();
      HistoryEvent last = events.get(events.size() - 1);
      runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId() : null;
    }
    return new Result(days, calls, runs, longest, total, actions);
  }
}
