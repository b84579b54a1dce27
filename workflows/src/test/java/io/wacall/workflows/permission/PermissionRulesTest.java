package io.wacall.workflows.permission;

import io.wacall.contract.permission.view.PermissionStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meta's throttle, expiry and staleness rules, as plain functions. */
class PermissionRulesTest {
  static final Instant T = Instant.parse("2026-05-04T12:00:00Z");

  @Test
  void withNoRequestSinceTheLastResetARequestIsAllowed() {
    assertThat(PermissionRules.throttleAllows(List.of(), T)).isTrue();
    assertThat(PermissionRules.nextRequestAllowedAt(List.of())).isNull();
  }

  @Test
  void oneRequestBlocksTheNextForExactly24Hours() {
    List<Instant> log = List.of(T);
    assertThat(PermissionRules.throttleAllows(log, T.plus(Duration.ofHours(24)).minusMillis(1))).isFalse();
    assertThat(PermissionRules.throttleAllows(log, T.plus(Duration.ofHours(24)))).isTrue();
    assertThat(PermissionRules.nextRequestAllowedAt(log)).isEqualTo(T.plus(Duration.ofHours(24)));
  }

  @Test
  void twoRequestsInSevenDaysBlockUntilTheOlderLeavesTheWindow() {
    List<Instant> log = List.of(T.plus(Duration.ofDays(3)), T); // order does not matter
    Instant sevenDaysAfterFirst = T.plus(Duration.ofDays(7));
    assertThat(PermissionRules.throttleAllows(log, sevenDaysAfterFirst.minusSeconds(1))).isFalse();
    assertThat(PermissionRules.throttleAllows(log, sevenDaysAfterFirst)).isTrue();
    assertThat(PermissionRules.nextRequestAllowedAt(log)).isEqualTo(sevenDaysAfterFirst);
  }

  @Test
  void theLaterOfBothWindowsDecides() {
    // second request 6 days 23 h after the first: the 24 h window outlasts the 7-day one
    Instant second = T.plus(Duration.ofDays(6)).plus(Duration.ofHours(23));
    assertThat(PermissionRules.nextRequestAllowedAt(List.of(T, second))).isEqualTo(second.plus(Duration.ofHours(24)));
  }

  @Test
  void requestsOlderThanSevenDaysArePrunedAndNoLongerCount() {
    List<Instant> log = List.of(T, T.plus(Duration.ofDays(5)));
    Instant later = T.plus(Duration.ofDays(8));
    assertThat(PermissionRules.prune(log, later)).containsExactly(T.plus(Duration.ofDays(5)));
    assertThat(PermissionRules.requestsWithin(log, PermissionRules.LONG_WINDOW, later)).isEqualTo(1);
  }

  @Test
  void aTemporaryGrantIsActiveUntilButNotAtItsExpiry() {
    Instant expiry = T.plus(PermissionRules.TEMPORARY_GRANT);
    assertThat(PermissionRules.grantActive(PermissionStatus.TEMPORARY, expiry, expiry.minusMillis(1))).isTrue();
    assertThat(PermissionRules.grantActive(PermissionStatus.TEMPORARY, expiry, expiry)).isFalse();
    assertThat(PermissionRules.grantActive(PermissionStatus.PERMANENT, null, T.plus(Duration.ofDays(3650)))).isTrue();
    assertThat(PermissionRules.grantActive(PermissionStatus.DECLINED, expiry, T)).isFalse();
  }

  @Test
  void metasNumbersAreTheDocumentedOnes() {
    assertThat(PermissionRules.TEMPORARY_GRANT).isEqualTo(Duration.ofHours(168));
    assertThat(PermissionRules.REQUEST_LIFETIME).isEqualTo(Duration.ofDays(7));
    assertThat(PermissionRules.SHORT_WINDOW_MAX).isEqualTo(1);
    assertThat(PermissionRules.LONG_WINDOW_MAX).isEqualTo(2);
    assertThat(PermissionRules.REMINDER_AFTER_UNANSWERED).isEqualTo(2);
    assertThat(PermissionRules.REVOKE_AFTER_UNANSWERED).isEqualTo(4);
  }

  @Test
  void aReplyIsStaleWhenOlderThanTheLastChange_comparedAtMetasWholeSeconds() {
    Instant change = T.plusMillis(400); // wacall's own instants have fractions, Meta's timestamps do not

    assertThat(PermissionRules.replyIsStale(T.minusSeconds(1), change)).isTrue();
    assertThat(PermissionRules.replyIsStale(T.minus(Duration.ofDays(30)), change)).isTrue();
    assertThat(PermissionRules.replyIsStale(T, change)).as("the same second").isFalse();
    assertThat(PermissionRules.replyIsStale(T.plusSeconds(1), change)).isFalse();
    assertThat(PermissionRules.replyIsStale(T.minus(Duration.ofDays(30)), null)).as("nothing known").isFalse();
  }
}
