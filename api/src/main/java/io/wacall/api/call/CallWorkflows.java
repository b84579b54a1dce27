package io.wacall.api.call;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.WorkflowIds;
import org.springframework.stereotype.Component;

/**
 * The one place that builds call workflow stubs, so every start uses the same ID, queue, summary
 * and search attributes. The starter sets the call's fixed search attributes (business number,
 * direction, and an outbound call's agent), so the workflow need not upsert them; never the
 * customer's number (the server stores search attributes unencrypted).
 */
@Component
public class CallWorkflows {
  private final WorkflowClient client;
  private final String taskQueue;

  public CallWorkflows(WorkflowClient client, TemporalProperties temporal) {
    this.client = client;
    this.taskQueue = temporal.taskQueue();
  }

  /**
   * Delivers a webhook event of a user-initiated call, starting its InboundCall if needed. One
   * wacid is one call, ever: an ID of a call that already ended is never reused, so a late
   * duplicate cannot ring the agents again (the start is refused and the caller ignores it).
   */
  public void signalInbound(String phoneNumberId, CallWebhookEvent event) {
    InboundCallInput input = new InboundCallInput(event.wacid(), phoneNumberId, null);
    InboundCallWorkflow stub = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(event.wacid()))
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary(InboundCallWorkflow.staticSummary(input))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(WacallSearchAttributes.PHONE_NUMBER_ID, phoneNumberId)
            .set(WacallSearchAttributes.CALL_DIRECTION, CallDirection.USER_INITIATED.name())
            .build())
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, input);
    request.add(stub::callEvent, event);
    client.signalWithStart(request);
  }

  /** Delivers a webhook event to a running call workflow by its ID (outbound calls). */
  public void signal(String workflowId, CallWebhookEvent event) {
    client.newUntypedWorkflowStub(workflowId).signal("callEvent", event);
  }

  /** A stub for update-with-start of an outbound call: the same requestId joins the same call. */
  public OutboundCallWorkflow startingOutbound(OutboundCallInput input) {
    return client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.outboundCall(input.requestId()))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        // a requestId names one call forever: after it ended, the same key answers that call
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary(OutboundCallWorkflow.staticSummary(input))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(WacallSearchAttributes.PHONE_NUMBER_ID, input.phoneNumberId())
            .set(WacallSearchAttributes.CALL_DIRECTION, CallDirection.BUSINESS_INITIATED.name())
            .set(WacallSearchAttributes.AGENT_ID, input.agentId())
            .build())
        .build());
  }

  public InboundCallWorkflow inbound(String workflowId) {
    return client.newWorkflowStub(InboundCallWorkflow.class, workflowId);
  }

  public OutboundCallWorkflow outbound(String workflowId) {
    return client.newWorkflowStub(OutboundCallWorkflow.class, workflowId);
  }

  public WorkflowStub untyped(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId);
  }
}
