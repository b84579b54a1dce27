package io.wacall.contract.call.view;

import java.time.Instant;

/** One member's turn in the ring group, once it is over. */
public record RingAttempt(String agentId, Instant startedAt, Instant endedAt, Result result, String detail) {

  /** How a member's turn ended. */
  public enum Result {
    /** The member answered and got the call. */
    ANSWERED,
    /** The member declined; the next member is rung at once. */
    DECLINED,
    /** The member's ring timeout ran out. */
    TIMED_OUT,
    /** The member could not be notified. */
    UNREACHABLE,
    /**
     * The member answered but pre_accept or accept failed: after pre_accept the next member is
     * rung; after accept the call fails.
     */
    ANSWER_FAILED,
    /** The caller hung up during this member's turn. */
    CALLER_HUNG_UP
  }
}
