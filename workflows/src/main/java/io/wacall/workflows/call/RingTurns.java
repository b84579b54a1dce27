package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.RingAttempt;
import io.wacall.contract.call.view.Ringing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The inbound call's ring group, turn by turn, as plain Java (no Temporal, no clock): who is being
 * rung, the attempts so far, and the current member's answer or decline. Changes the shared
 * {@link CallFacts} when a member connects or the accept fails.
 */
public final class RingTurns {
  private final CallFacts facts;
  private Ringing ringing;
  private final List<RingAttempt> attempts = new ArrayList<>();
  private String answering;
  private AnswerOutcome.Step answerFailure;
  private boolean answerFailureAmbiguous;
  private boolean declined;

  public RingTurns(CallFacts facts) {
    this.facts = facts;
  }

  /** A member's turn starts. */
  public void startRinging(RingMember member, int position, int of, Instant now, Instant expiresAt) {
    facts.ringing();
    ringing = new Ringing(member.agentId(), member.name(), member.channel(), position, of, now, expiresAt);
    answering = null;
    answerFailure = null;
    declined = false;
    facts.note(now, "ringing " + member.agentId(), position + " of " + of + ", until " + expiresAt);
  }

  /** A member's turn is over. */
  public void endRinging(RingAttempt.Result result, String detail, Instant now) {
    if (ringing == null) {
      return;
    }
    attempts.add(new RingAttempt(ringing.agentId(), ringing.ringingSince(), now, result, detail));
    facts.note(now, "ring " + result.name().toLowerCase(Locale.ROOT).replace('_', ' '),
        ringing.agentId() + (detail == null ? "" : ": " + detail));
    ringing = null;
  }

  /** How the current turn ended, from the facts the handlers recorded. */
  public RingAttempt.Result result() {
    if (facts.status() == CallStatus.CONNECTED) {
      return RingAttempt.Result.ANSWERED;
    }
    if (answerFailure != null) {
      return RingAttempt.Result.ANSWER_FAILED;
    }
    if (facts.terminated()) {
      return RingAttempt.Result.CALLER_HUNG_UP;
    }
    return declined ? RingAttempt.Result.DECLINED : RingAttempt.Result.TIMED_OUT;
  }

  /**
   * Why {@code agentId} may not answer or decline now, or null when they may: only the member
   * being rung, before their turn times out, while nobody is answering and the caller is there.
   */
  public String notRingingFor(String agentId, Instant now) {
    if (facts.terminated()) {
      return "the caller has hung up";
    }
    if (ringing == null || facts.status() != CallStatus.RINGING) {
      return "the call is not ringing";
    }
    if (!ringing.agentId().equals(agentId)) {
      return "the call is ringing for another member";
    }
    if (answering != null) {
      return "the call is being answered";
    }
    if (declined) {
      return "the member has declined";
    }
    if (!now.isBefore(ringing.ringExpiresAt())) {
      return "the member's ring has timed out";
    }
    return null;
  }

  /** The member being rung takes the call; pre_accept and accept follow. */
  public void claimAnswer(String agent, Instant now) {
    answering = agent;
    facts.note(now, "answered by " + agent, "pre_accept and accept under way");
  }

  /** The record to save once Meta accepted: connected to the member who answers, their turn ended as ANSWERED. */
  public CallView connectedPreview(Instant now) {
    List<RingAttempt> withAnswer = new ArrayList<>(attempts);
    withAnswer.add(new RingAttempt(answering, ringing == null ? now : ringing.ringingSince(), now,
        RingAttempt.Result.ANSWERED, null));
    return facts.connectedPreview(answering, now, "agent " + answering, withAnswer);
  }

  /** pre_accept and accept succeeded: the call is connected. */
  public void answerSucceeded(Instant now) {
    String agent = answering;
    answering = null;
    facts.connected(agent, now, "agent " + agent, now);
  }

  /** The answer failed at {@code step}. */
  public void answerFailed(AnswerOutcome.Step step, boolean ambiguous, Integer graphCode, String message,
      Instant now) {
    String agent = answering;
    answering = null;
    answerFailure = step;
    answerFailureAmbiguous = ambiguous;
    if (step == AnswerOutcome.Step.ACCEPT) {
      facts.acceptFailed(agent, graphCode, message);
    }
    facts.note(now, (step == AnswerOutcome.Step.PRE_ACCEPT ? "pre_accept" : "accept") + " failed",
        agent + ": " + message);
  }

  public void decline(String agent, String reason, Instant now) {
    declined = true;
    facts.note(now, "declined by " + agent, reason);
  }

  public Ringing ringing() {
    return ringing;
  }

  public List<RingAttempt> attempts() {
    return List.copyOf(attempts);
  }

  public String answering() {
    return answering;
  }

  /** The step of the current member's answer that failed, or null. */
  public AnswerOutcome.Step answerFailure() {
    return answerFailure;
  }

  public boolean answerFailureAmbiguous() {
    return answerFailureAmbiguous;
  }

  public boolean declined() {
    return declined;
  }

  /** The call with this turn's ringing and the attempts so far. */
  public CallView view(Instant now) {
    return facts.view(now, ringing, attempts);
  }
}
