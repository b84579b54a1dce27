package io.wacall.contract.permission.signal;

import java.time.Instant;
import java.util.Objects;

/**
 * Signals {@code callConnected} and {@code callUnanswered}: a call between the business number and
 * the customer connected (either direction), or a business-initiated call was not answered.
 *
 * @param callId the wacid: the dedupe key
 * @param at when it happened
 */
public record CallEvent(String callId, Instant at) {
  public CallEvent {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(at, "at");
  }
}
