package io.wacall.sandbox.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.sandbox.customer.Relationship.Grant;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Meta's per-customer rules (docs/meta-cloud-api.md#call-permissions), as the sandbox applies them. */
class RelationshipTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private final Relationship relationship = new Relationship();

  @Test
  void oneRequestPer24Hours() {
    relationship.recordRequest(T0);

    assertThat(relationship.nextRequestAllowedAt(T0.plus(Duration.ofHours(23))))
        .contains(T0.plus(Duration.ofHours(24)));
    assertThat(relationship.nextRequestAllowedAt(T0.plus(Duration.ofHours(24)))).isEmpty();
  }

  @Test
  void twoRequestsPer7Days_countedFromTheOldest() {
    relationship.recordRequest(T0);
    Instant second = T0.plus(Duration.ofDays(2));
    relationship.recordRequest(second);

    Instant thirdDay = T0.plus(Duration.ofDays(3));
    assertThat(relationship.nextRequestAllowedAt(thirdDay)).contains(T0.plus(Duration.ofDays(7)));
    assertThat(relationship.requestUsage(MetaLimits.REQUESTS_PER_WEEK, thirdDay).used())
        .isEqualTo(2);
    assertThat(relationship.requestUsage(MetaLimits.REQUESTS_PER_DAY, thirdDay).used()).isZero();
    assertThat(relationship.nextRequestAllowedAt(T0.plus(Duration.ofDays(7)))).isEmpty();
  }

  @Test
  void aConnectedCallResetsTheRequestCountersAndTheUnansweredRun() {
    relationship.recordRequest(T0);
    relationship.callUnanswered();

    relationship.callConnected(T0.plusSeconds(60), false);

    assertThat(relationship.nextRequestAllowedAt(T0.plusSeconds(61))).isEmpty();
    assertThat(relationship.callUnanswered()).isEqualTo(1);
    assertThat(relationship.connectedCallUsage(T0.plusSeconds(61)).used())
        .as("only business-initiated calls count towards the cap")
        .isZero();
  }

  @Test
  void aTemporaryGrantLastsSevenDaysThenLapsesSilently() {
    Instant expiresAt = relationship.grantTemporary(T0);

    assertThat(expiresAt).isEqualTo(T0.plus(Duration.ofHours(168)));
    assertThat(relationship.grant(expiresAt.minusSeconds(1))).isEqualTo(Grant.TEMPORARY);
    assertThat(relationship.temporaryUntil(expiresAt.minusSeconds(1))).contains(expiresAt);
    assertThat(relationship.mayCall(expiresAt)).isFalse();
    assertThat(relationship.grant(expiresAt)).isEqualTo(Grant.NO_PERMISSION);
  }

  @Test
  void aPermanentGrantDoesNotLapse() {
    relationship.grantPermanent();

    assertThat(relationship.grant(T0.plus(Duration.ofDays(3650)))).isEqualTo(Grant.PERMANENT);
    assertThat(relationship.temporaryUntil(T0)).isEmpty();
  }

  @Test
  void atMost100ConnectedBusinessCallsIn24Hours() {
    for (int i = 0; i < 100; i++) {
      relationship.callConnected(T0.plusSeconds(i), true);
    }

    Instant later = T0.plus(Duration.ofHours(1));
    assertThat(relationship.connectedCallUsage(later).used()).isEqualTo(100);
    assertThat(relationship.nextCallAllowedAt(later)).contains(T0.plus(Duration.ofHours(24)));
    assertThat(relationship.nextCallAllowedAt(T0.plus(Duration.ofHours(24)))).isEmpty();
  }

  @Test
  void theUnansweredRunIsCountedUntilTheRevokeResetsIt() {
    relationship.grantPermanent();
    for (int call = 1; call < MetaLimits.UNANSWERED_CALLS_REVOKE; call++) {
      assertThat(relationship.callUnanswered()).isEqualTo(call);
    }
    assertThat(relationship.callUnanswered()).isEqualTo(MetaLimits.UNANSWERED_CALLS_REVOKE);

    relationship.revokeForUnansweredCalls();

    assertThat(relationship.grant(T0)).isEqualTo(Grant.NO_PERMISSION);
    assertThat(relationship.callUnanswered()).isEqualTo(1);
  }

  @Test
  void wireNamesAreMetas() {
    assertThat(Grant.NO_PERMISSION.wireName()).isEqualTo("no_permission");
    assertThat(Grant.TEMPORARY.wireName()).isEqualTo("temporary");
    assertThat(Grant.PERMANENT.wireName()).isEqualTo("permanent");
  }
}
