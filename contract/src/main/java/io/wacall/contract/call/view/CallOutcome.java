package io.wacall.contract.call.view;

/** How a call ended: the outcomes a person can act on (issue 4, "Agent and service API"). */
public enum CallOutcome {
  /** The call connected and ended normally. */
  COMPLETED,
  /** Inbound: nobody answered (ring timeouts ran out, or nobody could be rung). */
  MISSED,
  /** Inbound: every member who was rung declined. */
  DECLINED,
  /** Inbound: the caller hung up while the ring group was ringing. */
  ABANDONED,
  /** Outbound: the customer rejected the call. */
  REJECTED,
  /** Outbound: the customer did not pick up within the ring timeout. */
  NOT_ANSWERED,
  /** Something failed: Meta's error code and message, or ours, are in the view. */
  FAILED
}
