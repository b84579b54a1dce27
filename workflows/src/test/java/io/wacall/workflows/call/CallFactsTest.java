package io.wacall.workflows.call;

import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.TimelineEntry;
import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.workflows.call.CallFacts.Applied;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Webhooks in any order and any number: each adds a fact once; contradicting or older statuses are stale. The state on its own, no Temporal. */
class CallFactsTest {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final String WACID = "wacid.state";

  @Test
  void aDuplicateChangesNothingNotEvenTheVersion() {
    CallFacts state = outbound();
    assertThat(state.applyWebhook(CallWebhookEvent.status(WACID, T0, "RINGING"), T0)).isEqualTo(Applied.APPLIED);
    long version = state.version();
    assertThat(state.applyWebhook(CallWebhookEvent.status(WACID, T0, "ringing"), T0)).isEqualTo(Applied.DUPLICATE);
    assertThat(state.version()).isEqualTo(version);
    assertThat(state.duplicates()).isEqualTo(1);
  }

  @Test
  void ringingAfterAcceptedIsStale() {
    CallFacts state = outbound();
    state.applyWebhook(CallWebhookEvent.status(WACID, T0.plusSeconds(5), "ACCEPTED"), T0);
    assertThat(state.applyWebhook(CallWebhookEvent.status(WACID, T0, "RINGING"), T0)).isEqualTo(Applied.STALE);
    assertThat(state.acceptedAt()).isNotNull();
  }

  @Test
  void acceptedAndRejectedContradictAndTheFirstStands() {
    CallFacts state = outbound();
    state.applyWebhook(CallWebhookEvent.status(WACID, T0, "REJECTED"), T0);
    assertThat(state.applyWebhook(CallWebhookEvent.status(WACID, T0, "ACCEPTED"), T0)).isEqualTo(Applied.STALE);
    assertThat(state.rejected()).isTrue();
    assertThat(state.answeredPerMeta()).isFalse();
  }

  @Test
  void theFirstTerminateStandsAndATerminateWithADurationMeansAnswered() {
    CallFacts state = outbound();
    state.applyWebhook(terminate(42), T0);
    assertThat(state.applyWebhook(terminate(7), T0)).isEqualTo(Applied.DUPLICATE);
    assertThat(state.terminateEvent().durationSeconds()).isEqualTo(42);
    assertThat(state.answeredPerMeta()).isTrue();
  }

  @Test
  void aWebhookOfAnotherCallIsKeptInTheTimelineOnly() {
    CallFacts state = outbound();
    OutboundAttempt attempt = new OutboundAttempt(state);
    attempt.placed(WACID, T0);
    assertThat(state.applyWebhook(otherCallsTerminate(), T0)).isEqualTo(Applied.OTHER_CALL);
    assertThat(state.terminated()).isFalse();
  }

  @Test
  void anUnknownWacidIsLearnedFromTheFirstWebhook() {
    CallFacts state = outbound();
    state.applyWebhook(CallWebhookEvent.status(WACID, T0, "RINGING"), T0);
    assertThat(state.wacid()).isEqualTo(WACID);
  }

  @Test
  void theTimelineStaysInTimeOrderAndBounded() {
    CallFacts state = outbound();
    state.applyWebhook(CallWebhookEvent.status(WACID, T0.plusSeconds(10), "ACCEPTED"), T0.plusSeconds(11));
    state.applyWebhook(CallWebhookEvent.connect(WACID, T0.plusSeconds(2), "v=0", null, null, null), T0.plusSeconds(12));
    assertThat(state.view(T0, null, List.of()).timeline()).extracting(TimelineEntry::event).containsExactly("connect webhook",
        "status ACCEPTED");
    for (int i = 0; i < CallFacts.TIMELINE_LIMIT + 20; i++) {
      state.note(T0.plusSeconds(100 + i), "note", null);
    }
    assertThat(state.view(T0, null, List.of()).timeline()).hasSize(CallFacts.TIMELINE_LIMIT);
  }

  @Test
  void withoutMetasDurationAnAnsweredCallsLengthIsEstimatedInWholeSeconds() {
    CallFacts state = outbound();
    OutboundAttempt attempt = new OutboundAttempt(state);
    attempt.placed(WACID, T0);
    state.applyWebhook(CallWebhookEvent.status(WACID, T0, "ACCEPTED"), T0);
    attempt.customerAnswered(T0);
    state.end(CallOutcome.COMPLETED, T0.plusMillis(30_200));
    assertThat(state.durationSeconds()).isEqualTo(31);
    assertThat(state.view(T0, null, List.of()).durationEstimated()).isTrue();
    // Meta's terminate arriving later replaces the estimate
    state.applyWebhook(terminate(30), T0.plusSeconds(40));
    assertThat(state.view(T0, null, List.of()).durationSeconds()).isEqualTo(30);
    assertThat(state.view(T0, null, List.of()).durationEstimated()).isFalse();
  }

  private static CallWebhookEvent otherCallsTerminate() {
    return CallWebhookEvent.terminate("wacid.other", T0, "COMPLETED", null, null, null, null, null, null, null, null);
  }

  private static CallFacts outbound() {
    return new CallFacts("outbound-call:r", CallDirection.BUSINESS_INITIATED, "pn", null, "5521987650001", "a-1", T0);
  }

  private static CallWebhookEvent terminate(Integer duration) {
    return CallWebhookEvent.terminate(WACID, T0.plusSeconds(60), "COMPLETED", duration,
        T0.plusSeconds(60 - duration), T0.plusSeconds(60), null, null, null, null, "BUSINESS_INITIATED");
  }
}
