package io.wacall.workflows.reconciliation;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The daily comparison of the billing ledger with what Meta reports it will bill
 * (docs/operations.md#ledger-reconciliation): one run per day, each continuing as new into the next, so its
 * history stays a handful of events however long it runs. Internal to wacall (not in the contract):
 * the worker starts it when reconciliation is configured.
 */
@WorkflowInterface
public interface LedgerReconciliationWorkflow {
  /** The one workflow ID: a deployment reconciles once a day, whoever starts it. */
  String WORKFLOW_ID = "ledger-reconciliation";

  @WorkflowMethod(name = "LedgerReconciliation")
  void run(ReconciliationInput input);
}
