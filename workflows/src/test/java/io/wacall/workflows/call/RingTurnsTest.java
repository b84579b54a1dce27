package io.wacall.workflows.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.RingAttempt;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The inbound ring group's turns on their own (no Temporal): who may answer, and what an answer leaves behind. */
class RingTurnsTest {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final String WACID = "wacid.turns";

  private final CallFacts facts = new CallFacts("inbound-call:" + WACID, CallDirection.USER_INITIATED, "pn", WACID,
      null, null, T0);
  private final RingTurns turns = new RingTurns(facts);

  @Test
  void onlyTheMemberBeingRungMayAnswer_beforeTheirTurnTimesOut() {
    turns.startRinging(FakeCallActivities.member("a-1"), 1, 2, T0, T0.plusSeconds(10));
    assertThat(turns.notRingingFor("a-1", T0.plusSeconds(9))).isNull();
    assertThat(turns.notRingingFor("a-2", T0.plusSeconds(1))).isEqualTo("the call is ringing for another member");
    assertThat(turns.notRingingFor("a-1", T0.plusSeconds(10))).isEqualTo("the member's ring has timed out");
    turns.claimAnswer("a-1", T0.plusSeconds(2));
    assertThat(turns.notRingingFor("a-1", T0.plusSeconds(3))).isEqualTo("the call is being answered");
  }

  @Test
  void aHungUpCallerCannotBeAnswered() {
    turns.startRinging(FakeCallActivities.member("a-1"), 1, 1, T0, T0.plusSeconds(10));
    facts.applyWebhook(CallWebhookEvent.terminate(WACID, T0.plusSeconds(1), "COMPLETED", null, null, null, null, null,
        null, null, "USER_INITIATED"), T0.plusSeconds(1));
    assertThat(turns.notRingingFor("a-1", T0.plusSeconds(2))).isEqualTo("the caller has hung up");
    assertThat(turns.result()).isEqualTo(RingAttempt.Result.CALLER_HUNG_UP);
  }

  @Test
  void theConnectedPreviewIsWhatTheStateBecomes_oneVersionAhead_andChangesNothingMeanwhile() {
    turns.startRinging(FakeCallActivities.member("a-1"), 1, 1, T0, T0.plusSeconds(10));
    turns.claimAnswer("a-1", T0.plusSeconds(2));
    long before = facts.version();

    CallView preview = turns.connectedPreview(T0.plusSeconds(3));
    assertThat(facts.version()).isEqualTo(before);
    assertThat(facts.status()).isEqualTo(CallStatus.RINGING);
    assertThat(preview.status()).isEqualTo(CallStatus.CONNECTED);
    assertThat(preview.agentId()).isEqualTo("a-1");
    assertThat(preview.ringing()).isNull(); // saving it ends the agent's ring
    assertThat(preview.ringAttempts()).extracting(RingAttempt::result).containsExactly(RingAttempt.Result.ANSWERED);
    assertThat(preview.version()).isEqualTo(before + 1);

    turns.answerSucceeded(T0.plusSeconds(3));
    turns.endRinging(turns.result(), null, T0.plusSeconds(3));
    CallView after = turns.view(T0.plusSeconds(3));
    assertThat(after.status()).isEqualTo(CallStatus.CONNECTED);
    assertThat(after.answeredAt()).isEqualTo(preview.answeredAt());
    assertThat(after.ringAttempts()).isEqualTo(preview.ringAttempts());
    assertThat(after.version()).isGreaterThan(preview.version()); // a later save replaces the preview
  }

  @Test
  void aRefusedPreAcceptLeavesTheCallIntact_aFailedAcceptNamesTheAgentAndTheError() {
    turns.startRinging(FakeCallActivities.member("a-1"), 1, 2, T0, T0.plusSeconds(10));
    turns.claimAnswer("a-1", T0.plusSeconds(1));
    turns.answerFailed(AnswerOutcome.Step.PRE_ACCEPT, false, 100, "bad SDP", T0.plusSeconds(2));
    assertThat(turns.result()).isEqualTo(RingAttempt.Result.ANSWER_FAILED);
    assertThat(facts.agentId()).isNull();
    assertThat(facts.view(T0, null, turns.attempts()).errorCode()).isNull();

    turns.startRinging(FakeCallActivities.member("a-2"), 2, 2, T0.plusSeconds(2), T0.plusSeconds(12));
    assertThat(turns.answerFailure()).isNull();
    turns.claimAnswer("a-2", T0.plusSeconds(3));
    turns.answerFailed(AnswerOutcome.Step.ACCEPT, true, 138004, "timeout", T0.plusSeconds(4));
    assertThat(turns.answerFailureAmbiguous()).isTrue();
    assertThat(facts.agentId()).isEqualTo("a-2");
    assertThat(facts.view(T0, null, turns.attempts()).errorCode()).isEqualTo(138004);
  }
}
