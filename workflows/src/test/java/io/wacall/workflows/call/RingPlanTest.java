package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.RingAttempt;
import static io.wacall.workflows.call.FakeCallActivities.away;
import static io.wacall.workflows.call.FakeCallActivities.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.contract.call.view.RingAttempt.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring plan as the rule reads: members in order, available only, against one ceiling from Meta's connect. */
class RingPlanTest {
  static final Instant CONNECT = Instant.parse("2026-03-02T09:00:00Z");
  static final Duration TWENTY = Duration.ofSeconds(20);

  @Test
  void onlyAvailableMembersAreRungInRingGroupOrderEachOnceUpToTheCap() {
    List<RingMember> members = List.of(member("a-1"), away("a-2"), member("a-3"), member("a-1"), member("a-4"));
    assertThat(RingPlan.ringable(members, null)).extracting(RingMember::agentId).containsExactly("a-1", "a-3", "a-4");
    assertThat(RingPlan.ringable(members, 2)).extracting(RingMember::agentId).containsExactly("a-1", "a-3");
    assertThat(RingPlan.ringable(List.of(away("a-1")), null)).isEmpty();
  }

  @Test
  void theDeadlineCountsFromMetasConnectNotFromWhenTheWorkflowGotIt() {
    Instant late = CONNECT.plusSeconds(8);
    assertThat(RingPlan.deadline(CONNECT, late, Duration.ofSeconds(45))).isEqualTo(CONNECT.plusSeconds(45));
    // a connect stamped in our future (clock skew) or missing counts from now
    assertThat(RingPlan.deadline(late.plusSeconds(3), late, Duration.ofSeconds(45))).isEqualTo(late.plusSeconds(45));
    assertThat(RingPlan.deadline(null, late, Duration.ofSeconds(45))).isEqualTo(late.plusSeconds(45));
  }

  @Test
  void eachMemberGetsTheRingTimeoutAndTheLastWhatIsLeftOfTheCeiling() {
    Instant deadline = CONNECT.plusSeconds(45);
    assertThat(RingPlan.nextRing(TWENTY, CONNECT, deadline)).isEqualTo(TWENTY);
    assertThat(RingPlan.nextRing(TWENTY, CONNECT.plusSeconds(20), deadline)).isEqualTo(TWENTY);
    assertThat(RingPlan.nextRing(TWENTY, CONNECT.plusSeconds(40), deadline)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void nobodyIsRungWithLessThanFiveSecondsLeft() {
    Instant deadline = CONNECT.plusSeconds(45);
    assertThat(RingPlan.nextRing(TWENTY, CONNECT.plusSeconds(41), deadline)).isNull();
    assertThat(RingPlan.nextRing(TWENTY, CONNECT.plusSeconds(60), deadline)).isNull();
  }

  @Test
  void aCallIsDeclinedOnlyWhenEveryMemberRungDeclined() {
    assertThat(RingPlan.unanswered(List.of(attempt(Result.DECLINED), attempt(Result.DECLINED))))
        .isEqualTo(CallOutcome.DECLINED);
    assertThat(RingPlan.unanswered(List.of(attempt(Result.DECLINED), attempt(Result.TIMED_OUT))))
        .isEqualTo(CallOutcome.MISSED);
    assertThat(RingPlan.unanswered(List.of(attempt(Result.UNREACHABLE)))).isEqualTo(CallOutcome.MISSED);
    assertThat(RingPlan.unanswered(List.of())).isEqualTo(CallOutcome.MISSED);
  }

  private static RingAttempt attempt(Result result) {
    return new RingAttempt("a-1", CONNECT, CONNECT.plusSeconds(1), result, null);
  }
}
