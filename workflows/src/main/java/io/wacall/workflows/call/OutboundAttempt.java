package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import java.time.Instant;
import java.util.List;

/**
 * The outbound call's attempt, as plain Java (no Temporal, no clock): the checks' or Meta's
 * refusal, the connect and its confirmation, the customer answering. Changes the shared
 * {@link CallFacts}.
 */
public final class OutboundAttempt {
  private final CallFacts facts;
  private boolean connectAttemptDone;
  private OutboundRules.Refusal refusal;

  public OutboundAttempt(CallFacts facts) {
    this.facts = facts;
  }

  /** The checks or Meta refused before any call was placed. */
  public void refuse(OutboundRules.Refusal why, Instant now) {
    refusal = why;
    connectAttemptDone = true;
    facts.refused(why.code(), why.graphCode(), why.message(), now);
  }

  /** Meta answered the connect with the call's wacid. */
  public void placed(String wacid, Instant now) {
    facts.named(wacid, now);
    if (facts.status() == CallStatus.INITIATING) {
      facts.ringing();
    }
    connectAttemptDone = true;
    facts.note(now, "call placed", wacid);
  }

  /** The connect may or may not have reached Meta; only its webhooks can tell. */
  public void connectUnconfirmed(String message, Instant now) {
    connectAttemptDone = true;
    facts.note(now, "connect outcome unknown", message + "; waiting for Meta's webhooks");
  }

  /** A webhook confirmed the unconfirmed connect. */
  public void confirmedByWebhook(Instant now) {
    if (facts.status() == CallStatus.INITIATING) {
      facts.ringing();
    }
    facts.note(now, "call confirmed", "by Meta's webhooks: " + facts.wacid());
  }

  /** The customer answered: since Meta's ACCEPTED, else the terminate's start time, else now. */
  public void customerAnswered(Instant now) {
    Instant at = facts.acceptedAt() != null ? facts.acceptedAt()
        : facts.terminateEvent() != null && facts.terminateEvent().startTime() != null
            ? facts.terminateEvent().startTime() : now;
    facts.connected(facts.agentId(), at, "the customer answered", now);
  }

  public boolean connectAttemptDone() {
    return connectAttemptDone;
  }

  public OutboundRules.Refusal refusal() {
    return refusal;
  }

  public CallView view(Instant now) {
    return facts.view(now, null, List.of());
  }
}
