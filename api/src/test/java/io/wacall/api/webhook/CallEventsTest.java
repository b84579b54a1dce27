package io.wacall.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.api.webhook.WebhookEventRouter.RouteResult;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only {@code connect} and {@code terminate} act on a call; any other {@code calls[]} event is kept and ignored. */
class CallEventsTest {

  @Test
  void connectAndTerminateBecomeTheirSignals() {
    assertThat(CallEvents.toSignal(call("connect")).kind()).isEqualTo(CallWebhookEvent.Kind.CONNECT);
    assertThat(CallEvents.toSignal(call("terminate")).kind()).isEqualTo(CallWebhookEvent.Kind.TERMINATE);
  }

  @Test
  void anEventOfAnotherName_isNeverTurnedIntoATerminate() {
    assertThatThrownBy(() -> CallEvents.toSignal(call("call_recording_available")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("call_recording_available");
  }

  @Test
  void theRouterIgnoresAnEventOfAnotherName_withTheReason_andAsksNoWorkflow() {
    // no workflows, no read model: were either asked, this would throw
    CallEventRouter router = new CallEventRouter(null, null, WebhookProperties.withSecrets(null, null), Clock.systemUTC());

    for (CallDirection direction : new CallDirection[] {CallDirection.USER_INITIATED, CallDirection.BUSINESS_INITIATED, null}) {
      RouteResult result = router.route(call("some_new_event", direction));

      assertThat(result.outcome()).isEqualTo(RouteResult.Outcome.IGNORED);
      assertThat(result.reason()).contains("'some_new_event'").contains("not handled");
    }
  }

  private static MetaCallEvent call(String event) {
    return call(event, CallDirection.USER_INITIATED);
  }

  private static MetaCallEvent call(String event, CallDirection direction) {
    return new MetaCallEvent("106540352242922", "wacid.EVENTS", direction, "5521987650001", "5511955550123",
        "5521987650001", event, Instant.now(), null, null, null, null, null, null, null, null, List.of());
  }
}
