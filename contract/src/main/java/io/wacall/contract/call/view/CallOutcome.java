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
  /**
   * Outbound: the agent hung up while the customer's phone rang. Not an unanswered call in Meta's
   * sense: it does not count toward the unanswered calls that revoke a permission.
   */
  CANCELED,
  /** Something failed: Meta's error code and message, or ours, are in the view. */
  FAILED
}
