package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.RingAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is rung and for how long. Meta lets a caller wait about 30-60 s after the connect webhook
 * before showing "Not Answered" (docs/meta-cloud-api.md#answer-window), so the whole sequence
 * runs against one deadline, counted from Meta's connect timestamp: each member gets the ring
 * timeout, the last one what is left of the ceiling, and nobody is rung once less than
 * {@link #MIN_RING} is left. A decline moves on at once, so later members get their full turn.
 */
public final class RingPlan {
  /** A ring shorter than this cannot be answered by a person; the time is better left unused. */
  public static final Duration MIN_RING = Duration.ofSeconds(5);

  private RingPlan() {}

  /**
   * The members to ring, in order: available ones, each agent once, at most {@code maxRingMembers}
   * (null: no cap).
   */
  public static List<RingMember> ringable(List<RingMember> members, Integer maxRingMembers) {
    List<RingMember> plan = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RingMember member : members) {
      if (maxRingMembers != null && plan.size() >= maxRingMembers) {
        break;
      }
      if (member.available() && seen.add(member.agentId())) {
        plan.add(member);
      }
    }
    return plan;
  }

  /**
   * When ringing must stop: {@code maxTotalRing} after Meta's connect timestamp. A timestamp in the
   * future (clock skew) or missing counts from {@code now}.
   */
  public static Instant deadline(Instant connectAt, Instant now, Duration maxTotalRing) {
    Instant from = connectAt == null || connectAt.isAfter(now) ? now : connectAt;
    return from.plus(maxTotalRing);
  }

  /**
   * How long the next member may be rung from {@code now}: the ring timeout, cut to what is left
   * before the deadline; null when less than {@link #MIN_RING} is left.
   */
  public static Duration nextRing(Duration ringTimeout, Instant now, Instant deadline) {
    Duration left = Duration.between(now, deadline);
    if (left.compareTo(MIN_RING) < 0) {
      return null;
    }
    return left.compareTo(ringTimeout) < 0 ? left : ringTimeout;
  }

  /**
   * The outcome of an inbound call nobody took: DECLINED when every member rung declined, else
   * MISSED (timeouts, nobody reachable, nobody available).
   */
  public static CallOutcome unanswered(List<RingAttempt> attempts) {
    boolean anyRung = false;
    for (RingAttempt attempt : attempts) {
      if (attempt.result() != RingAttempt.Result.DECLINED) {
        return CallOutcome.MISSED;
      }
      anyRung = true;
    }
    return anyRung ? CallOutcome.DECLINED : CallOutcome.MISSED;
  }
}
