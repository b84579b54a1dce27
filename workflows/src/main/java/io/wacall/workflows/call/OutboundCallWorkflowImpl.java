package io.wacall.workflows.call;

import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.temporal.workflow.WorkflowInit;
import io.wacall.workflows.call.legacy.LegacyOutboundCall;

/**
 * The OutboundCall workflow type as registered on the worker: a run of the current shape is an
 * {@link OutboundCall}; a run started before {@link CallShape#CHANGE_ID} replays as the
 * {@link LegacyOutboundCall} it was. Only delegation here.
 */
public class OutboundCallWorkflowImpl implements OutboundCallWorkflow {
  private final OutboundCallWorkflow call;

  @WorkflowInit
  public OutboundCallWorkflowImpl(OutboundCallInput input) {
    call = CallShape.lean() ? new OutboundCall(input) : new LegacyOutboundCall(input);
  }

  @Override
  public CallView run(OutboundCallInput input) {
    return call.run(input);
  }

  @Override
  public void callEvent(CallWebhookEvent event) {
    call.callEvent(event);
  }

  @Override
  public OutboundConnectResult connectResult() {
    return call.connectResult();
  }

  @Override
  public CallView hangUp(HangUpRequest request) {
    return call.hangUp(request);
  }

  @Override
  public void validateHangUp(HangUpRequest request) {
    call.validateHangUp(request);
  }

  @Override
  public CallView state() {
    return call.state();
  }
}
