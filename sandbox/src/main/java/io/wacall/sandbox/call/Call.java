package io.wacall.sandbox.call;

import io.wacall.sandbox.customer.Customer;
import io.wacall.sandbox.webhook.CallDirection;
import io.wacall.sandbox.webhook.CallLeg;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One call in flight. Every field but the final ones is written under the customer's lock; {@code
 * leg} is also read without it to find a call's business number and customer, which never change.
 */
final class Call {
  enum State {
    /** Business-initiated: the phone rings. User-initiated: the business has not answered yet. */
    RINGING,
    /** User-initiated only: the business sent pre_accept, media may be set up. */
    PRE_ACCEPTED,
    CONNECTED,
    ENDED
  }

  final Customer customer;

  /** How long the customer talks once connected; null: until someone hangs up (the customer phone page). */
  final Duration talk;

  volatile CallLeg leg;
  State state = State.RINGING;
  Instant connectedAt;
  String preAcceptedSdp;

  /** The business's SDP: its offer on a business-initiated call, its answer on a user-initiated one. */
  String businessSdp;

  /** Whether the caller leaves a voicemail when the business rejects the call or lets it ring out. */
  boolean leavesVoicemail;

  /** Whether the business asked Meta to record or transcribe the call. */
  Capture capture = Capture.NONE;

  /** The next thing that happens unless someone acts first: answer, reject, hang-up, time-out. */
  ScheduledFuture<?> timer;

  Call(Customer customer, CallLeg leg, Duration talk) {
    this.customer = customer;
    this.leg = leg;
    this.talk = talk;
  }

  String id() {
    return leg.callId();
  }

  boolean businessInitiated() {
    return leg.direction() == CallDirection.BUSINESS_INITIATED;
  }

  boolean between(String phoneNumberId, String waId) {
    return leg.phoneNumberId().equals(phoneNumberId) && leg.waId().equals(waId);
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
