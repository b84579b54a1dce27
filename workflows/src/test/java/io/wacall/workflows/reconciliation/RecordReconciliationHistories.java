package io.wacall.workflows.reconciliation;

import static org.awaitility.Awaitility.await;

import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes the histories {@link LedgerReconciliationWorkflowTest#everyCheckedInHistoryReplays} replays:
 * the first run (yesterday, read at once, after one failed attempt) and the next (a day's wait):
 * {@code ./mvnw -pl workflows test -Dtest=RecordReconciliationHistories -Dwacall.recordHistories=true}.
 */
@EnabledIfSystemProperty(named = "wacall.recordHistories", matches = "true")
class RecordReconciliationHistories {
  final LedgerReconciliationWorkflowTest.Activities activities = new LedgerReconciliationWorkflowTest.Activities();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(LedgerReconciliationWorkflowImpl.class)
      .setActivityImplementations(activities)
      .setInitialTime(LedgerReconciliationWorkflowTest.START)
      .build();

  @Test
  void record(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    activities.failures.set(1);
    LedgerReconciliationWorkflowTest.start(client, worker, ReconciliationInput.fromYesterday());
    env.sleep(Duration.ofMinutes(5));
    await().until(() -> activities.days.size() == 1);
    env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), Instant.parse("2026-03-03T07:00:00Z")));
    await().until(() -> activities.days.size() == 2);
    List<WorkflowExecutionInfo> closed = env.getWorkflowServiceStubs().blockingStub()
        .listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
            .setNamespace(env.getNamespace()).build())
        .getExecutionsList().stream()
        .sorted(Comparator.comparing(i -> i.getStartTime().getSeconds()))
        .toList();
    Files.createDirectories(LedgerReconciliationWorkflowTest.HISTORIES);
    String[] names = {"yesterday-read-at-once-after-a-failed-attempt", "next-day-after-it-settled"};
    for (int i = 0; i < names.length; i++) {
      String json = client.fetchHistory(LedgerReconciliationWorkflow.WORKFLOW_ID, closed.get(i).getExecution().getRunId())
          .toJson(true);
      Files.writeString(LedgerReconciliationWorkflowTest.HISTORIES.resolve(names[i] + ".json"), json);
    }
  }
}
