package io.wacall.workflows.call;

import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.DeclineRequest;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.call.view.CallView;
import io.temporal.workflow.WorkflowInit;
import io.wacall.workflows.call.legacy.LegacyInboundCall;

/**
 * The InboundCall workflow type as registered on the worker: a run of the current shape is an
 * {@link InboundCall}; a run started before {@link CallShape#CHANGE_ID} replays as the
 * {@link LegacyInboundCall} it was. Only delegation here.
 */
public class InboundCallWorkflowImpl implements InboundCallWorkflow {
  private final InboundCallWorkflow call;

  @WorkflowInit
  public InboundCallWorkflowImpl(InboundCallInput input) {
    call = CallShape.lean() ? new InboundCall(input) : new LegacyInboundCall(input);
  }

  @Override
  public CallView run(InboundCallInput input) {
    return call.run(input);
  }

  @Override
  public void callEvent(CallWebhookEvent event) {
    call.callEvent(event);
  }

  @Override
  public AnswerResult answer(AnswerRequest request) {
    return call.answer(request);
  }

  @Override
  public void validateAnswer(AnswerRequest request) {
    call.validateAnswer(request);
  }

  @Override
  public CallView decline(DeclineRequest request) {
    return call.decline(request);
  }

  @Override
  public void validateDecline(DeclineRequest request) {
    call.validateDecline(request);
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
