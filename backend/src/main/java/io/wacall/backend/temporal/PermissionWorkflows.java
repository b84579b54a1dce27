package io.wacall.backend.temporal;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.Functions;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.workflows.permission.PermissionStartAttributes;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Builds the stubs through which the API and the webhook adapter reach CallPermission workflows,
 * so every start uses the same ID, task queue and summary.
 */
@Component
public class PermissionWorkflows {
  private final WorkflowClient client;
  private final String taskQueue;

  public PermissionWorkflows(WorkflowClient client, TemporalProperties temporal) {
    this.client = client;
    this.taskQueue = temporal.taskQueue();
  }

  /**
   * A stub for update-with-start of {@code requestPermission}: starts the workflow if it does not
   * run, or joins the running one. A run it starts has its search attributes from the start (the
   * business number, and {@code PENDING}: the request it carries), so it upserts none of them
   * unless the request is not sent ({@link PermissionStartAttributes}).
   */
  public CallPermissionWorkflow startingStub(String phoneNumberId, String waId) {
    return client.newWorkflowStub(CallPermissionWorkflow.class, options(phoneNumberId, waId)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setTypedSearchAttributes(PermissionStartAttributes.ofRequest(phoneNumberId))
        .build());
  }

  /** A stub bound to the latest run of the pair's workflow (for queries). */
  public CallPermissionWorkflow existingStub(String phoneNumberId, String waId) {
    return client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(phoneNumberId, waId));
  }

  /** The input a fresh run of the pair starts with. */
  public static PermissionInput freshInput(String phoneNumberId, String waId) {
    return PermissionInput.fresh(phoneNumberId, waId);
  }

  /**
   * Signal-with-start: delivers {@code signal(arg)} to the pair's workflow, starting it first if it
   * does not run, so an event that arrives before any request (or after the run completed) is kept.
   * Usage: {@code signalWithStart(pnid, waId, wf -> wf::permissionReply, reply)}.
   */
  public <A> void signalWithStart(String phoneNumberId, String waId,
      Function<CallPermissionWorkflow, Functions.Proc1<A>> signal, A arg) {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, options(phoneNumberId, waId).build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, freshInput(phoneNumberId, waId));
    request.add(signal.apply(stub), arg);
    client.signalWithStart(request);
  }

  private WorkflowOptions.Builder options(String phoneNumberId, String waId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(phoneNumberId, waId))
        .setTaskQueue(taskQueue)
        // no customer number in what the server stores unencrypted: the business number id only
        .setStaticSummary("Call permission of business number " + phoneNumberId);
  }
}
