package io.wacall.contract.permission.signal;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.wacall.contract.permission.command.PermissionLimits;

import java.time.Instant;
import java.util.Objects;

/**
 * Signals {@code callConnected} and {@code callUnanswered}: a call between the business number and
 * the customer connected (either direction), or a business-initiated call was not answered.
 *
 * @param callId the wacid: the dedupe key
 * @param at when it happened
 * @param limits the business number's limits when the call ended (null: unknown, the workflow keeps
 *     those it applies); an unanswered call counts towards the reminder and the revoke of these
 */
public record CallEvent(String callId, Instant at, PermissionLimits limits) {
  @JsonCreator
  public CallEvent {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(at, "at");
  }

  public CallEvent(String callId, Instant at) {
    this(callId, at, null);
  }
}
