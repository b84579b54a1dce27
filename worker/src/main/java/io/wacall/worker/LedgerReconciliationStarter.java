package io.wacall.worker;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.wacall.backend.billing.ReconciliationProperties;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.workflows.reconciliation.LedgerReconciliationWorkflow;
import io.wacall.workflows.reconciliation.ReconciliationInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Starts the daily ledger reconciliation (docs/operations.md#ledger-reconciliation) when business
 * accounts are configured. Every worker asks at start; the one workflow ID and
 * {@code USE_EXISTING} make all but the first a no-op, so a deployment of many workers runs it once.
 */
@Component
@Profile("worker")
public class LedgerReconciliationStarter implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(LedgerReconciliationStarter.class);

  private final WorkflowClient client;
  private final ReconciliationProperties properties;
  private final String taskQueue;

  public LedgerReconciliationStarter(WorkflowClient client, ReconciliationProperties properties,
      TemporalProperties temporal) {
    this.client = client;
    this.properties = properties;
    this.taskQueue = temporal.taskQueue();
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.enabled()) {
      log.info("ledger reconciliation off: no wacall.reconciliation.accounts configured");
      return;
    }
    try {
      WorkflowExecution run = start();
      log.info("ledger reconciliation of {} account(s) running as {} run {}", properties.accounts().size(),
          run.getWorkflowId(), run.getRunId());
    } catch (RuntimeException e) {
      // Temporal unreachable: this worker cannot run workflows either; the next worker start tries again
      log.error("ledger reconciliation not started: {}", e.toString());
    }
  }

  /** Starts the workflow, or finds the one already running. */
  public WorkflowExecution start() {
    LedgerReconciliationWorkflow workflow = client.newWorkflowStub(LedgerReconciliationWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(LedgerReconciliationWorkflow.WORKFLOW_ID)
            .setTaskQueue(taskQueue)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build());
    return WorkflowClient.start(workflow::run, new ReconciliationInput(null, properties.settle()));
  }
}
