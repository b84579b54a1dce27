package io.wacall.api.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.backend.billing.ReconciliationProperties;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.workflows.reconciliation.LedgerReconciliationWorkflow;
import io.wacall.workflows.reconciliation.LedgerReconciliationWorkflowImpl;
import io.wacall.workflows.reconciliation.ReconciliationActivities;
import io.wacall.worker.LedgerReconciliationStarter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.DefaultApplicationArguments;

/** Every worker asks at start; one reconciliation runs, and none without configured accounts. */
class LedgerReconciliationStarterTest {
  final List<java.time.LocalDate> days = new CopyOnWriteArrayList<>();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(LedgerReconciliationWorkflowImpl.class)
      .setActivityImplementations((ReconciliationActivities) day -> {
        days.add(day);
        return new ReconciliationActivities.ReconciledDay(day, 0, 0);
      })
      .setInitialTime(Instant.parse("2026-05-11T09:00:00Z"))
      .build();

  static ReconciliationProperties accounts(String... wabaIds) {
    return new ReconciliationProperties(
        java.util.Arrays.stream(wabaIds).map(id -> new ReconciliationProperties.Account(id, List.of())).toList(),
        new BigDecimal("0.01"), null);
  }

  @Test
  void twoWorkersStartingFindOneRun(TestWorkflowEnvironment env, Worker worker) {
    TemporalProperties temporal = new TemporalProperties(worker.getTaskQueue());
    new LedgerReconciliationStarter(env.getWorkflowClient(), accounts("1022901"), temporal)
        .run(new DefaultApplicationArguments());
    await().until(() -> days.size() == 1);
    // the second worker finds the running one: no error, no second run, no day reconciled twice
    WorkflowExecution second = new LedgerReconciliationStarter(env.getWorkflowClient(), accounts("1022901"), temporal)
        .start();

    assertThat(second.getWorkflowId()).isEqualTo(LedgerReconciliationWorkflow.WORKFLOW_ID);
    assertThat(env.getWorkflowClient().newUntypedWorkflowStub(LedgerReconciliationWorkflow.WORKFLOW_ID).describe()
        .getExecution().getRunId()).isEqualTo(second.getRunId());
    assertThat(days).containsExactly(java.time.LocalDate.parse("2026-05-10"));
  }

  @Test
  void withoutAccountsNothingStarts(TestWorkflowEnvironment env, Worker worker) {
    new LedgerReconciliationStarter(env.getWorkflowClient(), accounts(), new TemporalProperties(worker.getTaskQueue()))
        .run(new DefaultApplicationArguments());

    assertThatThrownBy(() -> env.getWorkflowClient().newUntypedWorkflowStub(LedgerReconciliationWorkflow.WORKFLOW_ID)
        .describe()).isInstanceOf(WorkflowNotFoundException.class);
  }
}
