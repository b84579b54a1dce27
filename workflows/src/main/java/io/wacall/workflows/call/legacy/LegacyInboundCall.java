package io.wacall.workflows.call.legacy;

import io.wacall.workflows.call.PermissionNotice;
import io.wacall.workflows.call.RingMember;
import io.wacall.workflows.call.RingNotification;
import io.wacall.workflows.call.RingPlan;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.DeclineRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.RingAttempt;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The InboundCall workflow: waits for the caller's connect, rings the ring group member by member
 * against one deadline inside Meta's accept window, connects the member who answers (pre_accept,
 * accept), or rejects the call and logs it as missed; then waits for the end of the call, records
 * its ledger row and waits for the disposition. Handlers only record facts in {@link LegacyCallState};
 * this main loop acts on them.
 */
public class LegacyInboundCall extends LegacyCallWorkflowBase implements InboundCallWorkflow {
  private final Integer maxRingMembers;

  @WorkflowInit
  public LegacyInboundCall(InboundCallInput input) {
    super(new LegacyCallState(Workflow.getInfo().getWorkflowId(), CallDirection.USER_INITIATED, input.phoneNumberId(),
        input.wacid(), null, null, now()));
    this.maxRingMembers = input.maxRingMembers();
  }

  @Override
  public CallView run(InboundCallInput input) {
    decideVersions();
    details("loading the routing of business number " + input.phoneNumberId());
    routing = loadRouting();
    state.note(now(), "routing loaded", routing.members().size() + " member(s), ring timeout "
        + routing.ringTimeout().toSeconds() + " s, ceiling " + routing.maxTotalRing().toSeconds() + " s");
    // The connect carries the caller's SDP offer, which a member's client needs to answer.
    if (!state.connectSeen() && !state.terminated()) {
      details("waiting for the connect webhook");
      awaitUntil(now().plus(routing.maxTotalRing()), () -> state.connectSeen() || state.terminated());
    }
    if (state.terminated()) {
      // terminate before (or instead of) the connect: the caller gave up before anyone was rung
      return endUnanswered(callerGone());
    }
    if (!state.connectSeen()) {
      state.failure("NO_CONNECT", null, "no connect webhook within " + routing.maxTotalRing().toSeconds() + " s", now());
      state.end(CallOutcome.FAILED, now());
      return finish();
    }
    return ringGroup();
  }

  private CallView ringGroup() {
    Instant deadline = RingPlan.deadline(state.connectAt(), now(), routing.maxTotalRing());
    List<RingMember> plan = RingPlan.ringable(routing.members(), maxRingMembers);
    if (plan.isEmpty()) {
      state.note(now(), "nobody to ring", "no available member in the ring group");
    }
    for (int i = 0; i < plan.size() && !state.terminated(); i++) {
      RingMember member = plan.get(i);
      Duration ring = RingPlan.nextRing(routing.ringTimeout(), now(), deadline);
      if (ring == null) {
        state.note(now(), "ring ceiling reached", (plan.size() - i) + " member(s) not rung; ceiling "
            + routing.maxTotalRing().toSeconds() + " s from the connect");
        break;
      }
      Instant since = now();
      Instant expires = since.plus(ring);
      state.startRinging(member, i + 1, plan.size(), since, expires);
      details("ringing agent " + (i + 1) + " of " + plan.size() + " (" + member.agentId() + "), " + ring.toSeconds()
          + " s timeout");
      recordIfChanged();
      try {
        ringer.notifyAgent(new RingNotification(state.id(), member.agentId(), member.channel(), state.phoneNumberId(),
            state.customer(), since, expires));
      } catch (ActivityFailure unreachable) {
        state.endRinging(RingAttempt.Result.UNREACHABLE, messageOf(unreachable), now());
        continue;
      }
      awaitUntil(expires, () -> state.answering() != null || state.declined() || state.terminated());
      if (state.answering() != null) {
        details("agent " + member.agentId() + " is answering: pre_accept and accept");
        awaitUntil(null, () -> state.answering() == null);
      }
      RingAttempt.Result result = turnResult();
      state.endRinging(result, null, now());
      inBackground(Async.procedure(cleanupApi::stopRinging, state.id(), member.agentId()));
      if (state.status() == CallStatus.CONNECTED) {
        return connected();
      }
      if (state.answerFailure() == LegacyCallState.AnswerFailure.ACCEPT) {
        // accept fails when the caller has just hung up: that is an abandoned call, not a failure
        return state.terminated() ? endUnanswered(callerGone()) : acceptFailed();
      }
    }
    if (state.terminated()) {
      return endUnanswered(callerGone());
    }
    return endUnanswered(RingPlan.unanswered(state.ringAttempts()));
  }

  /** The call ended on Meta's side before anyone took it: the caller hung up, or Meta reports an error. */
  private CallOutcome callerGone() {
    return state.terminateEvent().reportsError() ? CallOutcome.FAILED : CallOutcome.ABANDONED;
  }

  private RingAttempt.Result turnResult() {
    if (state.status() == CallStatus.CONNECTED) {
      return RingAttempt.Result.ANSWERED;
    }
    if (state.answerFailure() != LegacyCallState.AnswerFailure.NONE) {
      return RingAttempt.Result.ANSWER_FAILED;
    }
    if (state.terminated()) {
      return RingAttempt.Result.CALLER_HUNG_UP;
    }
    return state.declined() ? RingAttempt.Result.DECLINED : RingAttempt.Result.TIMED_OUT;
  }

  /** Nobody took the call: reject it (unless the caller already left), log it as missed, offer a callback. */
  private CallView endUnanswered(CallOutcome outcome) {
    if (!state.terminated()) {
      details("nobody answered: rejecting the call");
      try {
        cleanupCloudApi.reject(state.phoneNumberId(), state.wacid());
        state.note(now(), "rejected", "through the Cloud API");
      } catch (ActivityFailure failure) {
        // the caller then sees "Not Answered" when Meta's window closes: the outcome is the same
        state.note(now(), "reject failed", messageOf(failure));
      }
    }
    // a missed call may be followed by the customer's callback request, where the number allows it
    state.setCallbackRequestAllowed(outcome != CallOutcome.FAILED && routing.callbackRequestsEnabled());
    state.end(outcome, now());
    return finish();
  }

  /** accept failed: the call fails cleanly. An ambiguous accept may have connected it, so it is terminated, else rejected. */
  private CallView acceptFailed() {
    if (state.answerFailureAmbiguous()) {
      terminateCall("accept failed ambiguously: ending the call in case Meta connected it");
    } else {
      try {
        cleanupCloudApi.reject(state.phoneNumberId(), state.wacid());
        state.note(now(), "rejected", "after the failed accept");
      } catch (ActivityFailure failure) {
        state.note(now(), "reject failed", messageOf(failure));
      }
    }
    state.failure("ACCEPT_FAILED", null, "accept failed", now());
    state.end(CallOutcome.FAILED, now());
    return finish();
  }

  private CallView connected() {
    notifyPermission(PermissionNotice.Kind.CONNECTED);
    details("connected to agent " + state.agentId() + ": waiting for the end of the call");
    awaitUntil(state.answeredAt().plus(MAX_CALL_DURATION), () -> state.terminated() || state.hangUpRequested());
    if (!state.terminated()) {
      terminateCall(state.hangUpRequested() ? "hang-up by " + state.agentId()
          : "the call outlived " + MAX_CALL_DURATION.toHours() + " h without a terminate webhook");
      awaitTerminateWebhook();
    }
    CallWebhookEvent terminate = state.terminateEvent();
    state.end(terminate != null && terminate.reportsError() ? CallOutcome.FAILED : CallOutcome.COMPLETED, now());
    return finish();
  }

  // --- answer and decline

  @Override
  public void validateAnswer(AnswerRequest request) {
    if (request == null || blank(request.agentId()) || blank(request.sdpAnswer())) {
      throw refusal(FailureTypes.INVALID_REQUEST, "INVALID_REQUEST", "agentId and sdpAnswer are required");
    }
    refuseUnlessRinging(request.agentId());
  }

  @Override
  public AnswerResult answer(AnswerRequest request) {
    refuseUnlessRinging(request.agentId()); // checked again: another update may have won since the validator
    state.claimAnswer(request.agentId(), now());
    try {
      preAcceptApi.preAccept(state.phoneNumberId(), state.wacid(), request.sdpAnswer());
    } catch (ActivityFailure failure) {
      CloudApiErrorDetails cloud = cloudDetails(failure);
      state.answerFailed(LegacyCallState.AnswerFailure.PRE_ACCEPT, cloud == null || cloud.ambiguous(),
          cloud == null ? null : cloud.graphCode(), messageOf(failure), now());
      return result(false, "PRE_ACCEPT_FAILED");
    }
    if (state.terminated()) {
      state.answerAbandoned(now());
      return result(false, "CALLER_HUNG_UP");
    }
    try {
      acceptApi.accept(state.phoneNumberId(), state.wacid(), request.sdpAnswer(), state.id());
    } catch (ActivityFailure failure) {
      CloudApiErrorDetails cloud = cloudDetails(failure);
      state.answerFailed(LegacyCallState.AnswerFailure.ACCEPT, cloud == null || cloud.ambiguous(),
          cloud == null ? null : cloud.graphCode(), messageOf(failure), now());
      return result(false, "ACCEPT_FAILED");
    }
    state.answerSucceeded(now());
    return result(true, null);
  }

  @Override
  public void validateDecline(DeclineRequest request) {
    if (request == null || blank(request.agentId())) {
      throw refusal(FailureTypes.INVALID_REQUEST, "INVALID_REQUEST", "agentId is required");
    }
    refuseUnlessRinging(request.agentId());
  }

  @Override
  public CallView decline(DeclineRequest request) {
    refuseUnlessRinging(request.agentId());
    state.decline(request.agentId(), request.reason(), now());
    return view();
  }

  @Override
  protected String hangUpRefusal(String agentId) {
    if (state.status() != CallStatus.CONNECTED || state.terminated()) {
      return "the call is not in progress (" + state.status() + ")";
    }
    if (!agentId.equals(state.agentId())) {
      return "agent " + agentId + " is not on this call";
    }
    return null;
  }

  private void refuseUnlessRinging(String agentId) {
    String why = state.notRingingFor(agentId, now());
    if (why != null) {
      throw refusal(FailureTypes.NOT_RINGING_FOR_AGENT, "NOT_RINGING_FOR_AGENT", why);
    }
  }

  private AnswerResult result(boolean gotCall, String reason) {
    return new AnswerResult(gotCall, state.id(), state.wacid(), state.status(), reason);
  }
}
