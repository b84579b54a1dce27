package io.wacall.workflows.call;

import static io.wacall.workflows.call.CallRecorder.blank;
import static io.wacall.workflows.call.CallRecorder.details;
import static io.wacall.workflows.call.CallRecorder.messageOf;
import static io.wacall.workflows.call.CallRecorder.now;
import static io.wacall.workflows.call.CallRecorder.refusal;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.DeclineRequest;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.RingAttempt;
import io.wacall.contract.failure.FailureTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An inbound call (a run of the current {@link CallShape}): rings the ring group member by member
 * against one deadline inside Meta's accept window, connects the member who answers
 * ({@code AnswerCall}: pre_accept then accept), or rejects the call and logs it as missed; waits
 * for the end of the call, then closes it ({@code CloseCall}). Handlers only record facts
 * ({@link CallFacts}, {@link RingTurns}); the main loop acts on them.
 *
 * <p>The record is written where the API must show a new state, by the activity that runs anyway:
 * each ring ({@code RingAgent}, a local activity, with the routing read in the same workflow task),
 * the connection ({@code AnswerCall} saves it once Meta accepted), the end ({@code CloseCall}).
 * The disposition is the API's (it reads the window from the record): the run ends with the call.
 * An answered call costs 9 billable actions (ActionBudgetCallsTest).
 */
public class InboundCall implements InboundCallWorkflow {
  /** The directory is retried until this long before the ceiling: time left for one member's ring. */
  static final Duration MIN_RING = Duration.ofSeconds(10);

  private final CallFacts facts;
  private final RingTurns turns;
  private final CallRecorder recorder;
  private final Integer maxRingMembers;
  /** Read once at the start: a directory change applies to the next call. */
  private Routing routing = Routing.unavailable();

  public InboundCall(InboundCallInput input) {
    facts = new CallFacts(Workflow.getInfo().getWorkflowId(), CallDirection.USER_INITIATED, input.phoneNumberId(),
        input.wacid(), null, null, now());
    turns = new RingTurns(facts);
    recorder = new CallRecorder(facts);
    maxRingMembers = input.maxRingMembers();
  }

  @Override
  public CallView run(InboundCallInput input) {
    details("loading the routing of business number " + input.phoneNumberId());
    // a failing directory is retried while a member could still be rung inside the default ceiling
    Instant ringFrom = facts.connectAt() != null ? facts.connectAt() : now();
    routing = recorder.loadRoutingUntil(ringFrom.plus(Routing.DEFAULT_MAX_TOTAL_RING).minus(MIN_RING));
    facts.note(now(), "routing loaded", routing.members().size() + " member(s), ring timeout "
        + routing.ringTimeout().toSeconds() + " s, ceiling " + routing.maxTotalRing().toSeconds() + " s");
    // The connect carries the caller's SDP offer, which a member's client needs to answer.
    if (!facts.connectSeen() && !facts.terminated()) {
      details("waiting for the connect webhook");
      recorder.awaitUntil(now().plus(routing.maxTotalRing()), () -> facts.connectSeen() || facts.terminated());
    }
    if (facts.terminated()) {
      // terminate before (or instead of) the connect: the caller gave up before anyone was rung
      return endUnanswered(callerGone());
    }
    if (!facts.connectSeen()) {
      facts.failure("NO_CONNECT", null, "no connect webhook within " + routing.maxTotalRing().toSeconds() + " s",
          now());
      facts.end(CallOutcome.FAILED, now());
      return close(null);
    }
    return ringGroup();
  }

  private CallView ringGroup() {
    Instant deadline = RingPlan.deadline(facts.connectAt(), now(), routing.maxTotalRing());
    List<RingMember> plan = RingPlan.ringable(routing.members(), maxRingMembers);
    if (plan.isEmpty()) {
      facts.note(now(), "nobody to ring", "no available member in the ring group");
    }
    for (int i = 0; i < plan.size() && !facts.terminated(); i++) {
      RingMember member = plan.get(i);
      Duration ring = RingPlan.nextRing(routing.ringTimeout(), now(), deadline);
      if (ring == null) {
        facts.note(now(), "ring ceiling reached", (plan.size() - i) + " member(s) not rung; ceiling "
            + routing.maxTotalRing().toSeconds() + " s from the connect");
        break;
      }
      Instant since = now();
      Instant expires = since.plus(ring);
      turns.startRinging(member, i + 1, plan.size(), since, expires);
      details("ringing agent " + (i + 1) + " of " + plan.size() + " (" + member.agentId() + "), " + ring.toSeconds()
          + " s timeout");
      try {
        recorder.records.ring(new RingAgent(new RingNotification(facts.id(), member.agentId(), member.channel(),
            facts.phoneNumberId(), facts.customer(), since, expires), turns.view(now())));
      } catch (ActivityFailure unreachable) {
        turns.endRinging(RingAttempt.Result.UNREACHABLE, messageOf(unreachable), now());
        continue;
      }
      recorder.awaitUntil(expires, () -> turns.answering() != null || turns.declined() || facts.terminated());
      if (turns.answering() != null) {
        details("agent " + member.agentId() + " is answering: pre_accept and accept");
        Workflow.await(() -> turns.answering() == null);
      }
      turns.endRinging(turns.result(), null, now());
      if (facts.status() == CallStatus.CONNECTED) {
        return connected();
      }
      if (turns.answerFailure() == AnswerOutcome.Step.ACCEPT) {
        // accept fails when the caller has just hung up: that is an abandoned call, not a failure
        return facts.terminated() ? endUnanswered(callerGone()) : acceptFailed();
      }
    }
    if (facts.terminated()) {
      return endUnanswered(callerGone());
    }
    return endUnanswered(RingPlan.unanswered(turns.attempts()));
  }

  /** The call ended on Meta's side before anyone took it: the caller hung up, or Meta reports an error. */
  private CallOutcome callerGone() {
    return facts.terminateReportsError() ? CallOutcome.FAILED : CallOutcome.ABANDONED;
  }

  /** Nobody took the call: reject it (unless the caller already left), log it as missed, offer a callback. */
  private CallView endUnanswered(CallOutcome outcome) {
    if (!facts.terminated()) {
      details("nobody answered: rejecting the call");
      reject("rejected", "through the Cloud API");
    }
    // a missed call may be followed by the customer's callback request, where the number allows it
    facts.setCallbackRequestAllowed(outcome != CallOutcome.FAILED && routing.callbackRequestsEnabled());
    facts.end(outcome, now());
    return close(null);
  }

  /** accept failed: the call fails cleanly. An ambiguous accept may have connected it, so it is terminated, else rejected. */
  private CallView acceptFailed() {
    if (turns.answerFailureAmbiguous()) {
      recorder.terminate("accept failed ambiguously: ending the call in case Meta connected it");
    } else {
      reject("rejected", "after the failed accept");
    }
    facts.failure("ACCEPT_FAILED", null, "accept failed", now());
    facts.end(CallOutcome.FAILED, now());
    return close(null);
  }

  private void reject(String event, String detail) {
    try {
      recorder.cleanupApi.reject(facts.phoneNumberId(), facts.wacid());
      facts.note(now(), event, detail);
    } catch (ActivityFailure failure) {
      // the caller then sees "Not Answered" when Meta's window closes: the outcome is the same
      facts.note(now(), "reject failed", messageOf(failure));
    }
  }

  private CallView connected() {
    details("connected to agent " + facts.agentId() + ": waiting for the end of the call");
    recorder.awaitUntil(facts.answeredAt().plus(CallRecorder.MAX_CALL_DURATION),
        () -> facts.terminated() || facts.hangUpRequested());
    if (!facts.terminated()) {
      recorder.terminate(facts.hangUpRequested() ? "hang-up by " + facts.agentId()
          : "the call outlived " + CallRecorder.MAX_CALL_DURATION.toHours() + " h without a terminate webhook");
      recorder.awaitTerminateWebhook();
    }
    facts.end(facts.terminateReportsError() ? CallOutcome.FAILED : CallOutcome.COMPLETED, now());
    return close(PermissionNotice.Kind.CONNECTED);
  }

  private CallView close(PermissionNotice.Kind permission) {
    return recorder.close(routing, permission, () -> turns.view(now()));
  }

  // --- handlers

  @Override
  public void callEvent(CallWebhookEvent event) {
    facts.applyWebhook(event, now());
  }

  @Override
  public CallView state() {
    return turns.view(now());
  }

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
    turns.claimAnswer(request.agentId(), now());
    AnswerOutcome outcome;
    try {
      outcome = recorder.onceApi.answer(new AnswerCall(facts.phoneNumberId(), facts.wacid(), request.sdpAnswer(),
          facts.id(), turns.connectedPreview(now()), request.capture()));
    } catch (ActivityFailure failure) {
      // no answer from the activity (a timeout, a crash): Meta may have accepted
      outcome = new AnswerOutcome(AnswerOutcome.Step.ACCEPT, CallRecorder.cloudDetails(failure), messageOf(failure));
    }
    if (outcome.succeeded()) {
      turns.answerSucceeded(now());
      return result(true, null);
    }
    turns.answerFailed(outcome.failedStep(), outcome.ambiguous(),
        outcome.error() == null ? null : outcome.error().graphCode(), outcome.message(), now());
    if (outcome.failedStep() == AnswerOutcome.Step.ACCEPT && facts.terminated()) {
      return result(false, "CALLER_HUNG_UP");
    }
    return result(false, outcome.failedStep() == AnswerOutcome.Step.PRE_ACCEPT ? "PRE_ACCEPT_FAILED" : "ACCEPT_FAILED");
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
    turns.decline(request.agentId(), request.reason(), now());
    return turns.view(now());
  }

  @Override
  public void validateHangUp(HangUpRequest request) {
    CallRecorder.validateHangUp(request, this::whyNoHangUp);
  }

  @Override
  public CallView hangUp(HangUpRequest request) {
    recorder.hangUp(request, this::whyNoHangUp);
    return turns.view(now());
  }

  /** Only the agent on a call in progress hangs it up. */
  private String whyNoHangUp(String agentId) {
    return facts.status() != CallStatus.CONNECTED || facts.terminated()
        ? "the call is not in progress (" + facts.status() + ")"
        : !agentId.equals(facts.agentId()) ? "agent " + agentId + " is not on this call" : null;
  }

  private void refuseUnlessRinging(String agentId) {
    String why = turns.notRingingFor(agentId, now());
    if (why != null) {
      throw refusal(FailureTypes.NOT_RINGING_FOR_AGENT, "NOT_RINGING_FOR_AGENT", why);
    }
  }

  private AnswerResult result(boolean gotCall, String reason) {
    return new AnswerResult(gotCall, facts.id(), facts.wacid(), facts.status(), reason);
  }
}
