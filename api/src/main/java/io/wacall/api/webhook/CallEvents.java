package io.wacall.api.webhook;

import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.signal.CallWebhookEvent.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Turns the adapter's parsed call events into the call workflows' {@code callEvent} signal. */
final class CallEvents {
  private CallEvents() {}

  static CallWebhookEvent toSignal(MetaCallEvent e) {
    WebhookError error = e.errors().isEmpty() ? null : e.errors().get(0);
    Kind kind;
    if (e.isConnect()) {
      kind = Kind.CONNECT;
    } else if (e.isTerminate()) {
      kind = Kind.TERMINATE;
    } else {
      // never a terminate by default: an event we do not know must not end a call
      throw new IllegalArgumentException("call event '" + e.event() + "' is neither connect nor terminate");
    }
    return new CallWebhookEvent(e.callId(), kind, e.timestamp(),
        e.isTerminate() ? e.terminateStatus() : null,
        e.session() == null ? null : e.session().sdp(),
        e.durationSeconds(), e.startTime(), e.endTime(),
        error == null ? null : error.code(), error == null ? null : error.summary(),
        e.from(), e.to(), e.direction() == null ? null : e.direction().name());
  }

  static CallWebhookEvent toSignal(CallStatusEvent e) {
    return CallWebhookEvent.status(e.callId(), e.timestamp(),
        e.status() == null ? null : e.status().toUpperCase(java.util.Locale.ROOT));
  }

  /** Meta says stale calling webhooks may still arrive: act on none older than {@code staleAfter}. */
  static boolean stale(Instant timestamp, Duration staleAfter, Clock clock) {
    return timestamp != null && timestamp.isBefore(clock.instant().minus(staleAfter));
  }
}
