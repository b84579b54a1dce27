package io.wacall.contract.call;

import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.DeclineRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.call.view.CallView;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Type {@code InboundCall}, ID {@code inbound-call:{wacid}} (see WorkflowIds): a customer's call to
 * a business number, from the connect webhook to the end of wrap-up. Started by the webhook adapter
 * with signal-with-start of {@code callEvent}, so a terminate that arrives first is kept; the
 * adapter should start it with {@code WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE}, so that a stale
 * webhook of a call already finished cannot start (and ring) it again.
 */
@WorkflowInterface
public interface InboundCallWorkflow extends CallWorkflow {
  String TYPE = "InboundCall";

  @WorkflowMethod(name = TYPE)
  CallView run(InboundCallInput input);

  /**
   * The member being rung takes the call: pre_accept then accept with their SDP answer. Refused by
   * the validator ({@code NotRingingForAgent}, nothing recorded in history) unless that agent is the
   * one being rung now and nobody else is answering.
   */
  @UpdateMethod(name = "answer")
  AnswerResult answer(AnswerRequest request);

  @UpdateValidatorMethod(updateName = "answer")
  void validateAnswer(AnswerRequest request);

  /** The member being rung passes: the next member is rung at once. Refused like {@code answer}. */
  @UpdateMethod(name = "decline")
  CallView decline(DeclineRequest request);

  @UpdateValidatorMethod(updateName = "decline")
  void validateDecline(DeclineRequest request);

  /** A static summary for the start options: no customer number (the server stores it unencrypted). */
  static String staticSummary(InboundCallInput input) {
    return "Inbound call to business number " + input.phoneNumberId();
  }
}
