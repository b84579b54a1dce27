package io.wacall.contract.call.view;

/** Where a call is now, for the read model and the API. */
public enum CallStatus {
  /** Outbound only: checks and the connect attempt are under way, or Meta has not confirmed the call yet. */
  INITIATING,
  /** Inbound: a ring-group member is being rung. Outbound: the call is placed and the customer's phone rings. */
  RINGING,
  /** Both parties are on the call. */
  CONNECTED,
  /** The call is over (see the outcome); the run may still be in wrap-up. */
  ENDED,
  /** Outbound only: refused before any Cloud API call was placed (see {@code failureReason}). */
  REFUSED
}
