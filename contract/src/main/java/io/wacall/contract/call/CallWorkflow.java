package io.wacall.contract.call;

import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.failure.CallRefusal;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * What both call workflows answer to, whatever their direction: the webhooks, the agent's hang-up
 * and the state query. (The disposition is the API's: it keeps it in the call's record.) Refusals are ApplicationFailures of a {@code FailureTypes}
 * type whose first detail is a {@link CallRefusal}.
 */
public interface CallWorkflow {

  /** From the webhook adapter: a connect, status or terminate webhook of this call, in any order, any number of times. */
  @SignalMethod(name = "callEvent")
  void callEvent(CallWebhookEvent event);

  /**
   * The agent on the call ends it: terminate through the Cloud API (Meta's terminate webhook still
   * follows and gives the duration). Returns once the terminate was sent. Refused
   * ({@code NotInCall}) for another agent or a call that is not in progress.
   */
  @UpdateMethod(name = "hangUp")
  CallView hangUp(HangUpRequest request);

  @UpdateValidatorMethod(updateName = "hangUp")
  void validateHangUp(HangUpRequest request);


  @QueryMethod(name = "state")
  CallView state();
}
