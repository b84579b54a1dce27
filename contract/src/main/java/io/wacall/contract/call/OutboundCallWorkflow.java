package io.wacall.contract.call;

import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.failure.CallRefusal;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Type {@code OutboundCall}, ID {@code outbound-call:{requestId}} (see WorkflowIds): an agent's call
 * to a customer, from the request to the end of wrap-up. The API starts it with update-with-start
 * of {@code connectResult} and {@code WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING}, so the same
 * requestId twice places one call; with {@code WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE} a request
 * repeated after the run closed is answered from the run's result (a {@link CallView}) instead of
 * placing a second call.
 */
@WorkflowInterface
public interface OutboundCallWorkflow extends CallWorkflow {
  String TYPE = "OutboundCall";

  @WorkflowMethod(name = TYPE)
  CallView run(OutboundCallInput input);

  /**
   * Waits until the checks and the connect attempt are done. Returns the call when it was placed
   * (or sent with its outcome still unknown); otherwise fails with an ApplicationFailure whose type
   * is {@code PermissionRequired}, {@code CallingNotAvailable}, {@code DestinationNotCallable},
   * {@code RateLimited} or {@code CallFailed} and whose first detail is a {@link CallRefusal}
   * (code, retryAt, Meta's code).
   */
  @UpdateMethod(name = "connectResult")
  OutboundConnectResult connectResult();

  /** A static summary for the start options: no customer number (the server stores it unencrypted). */
  static String staticSummary(OutboundCallInput input) {
    return "Outbound call by agent " + input.agentId() + " from business number " + input.phoneNumberId();
  }
}
