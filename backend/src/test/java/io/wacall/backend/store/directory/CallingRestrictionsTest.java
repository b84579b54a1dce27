package io.wacall.backend.store.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.backend.store.directory.CallingRestrictions.Kind;
import io.wacall.backend.store.directory.CallingRestrictions.Restriction;
import io.wacall.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Meta's calling restrictions in a real PostgreSQL: in force until their expiry, never shortened. */
class CallingRestrictionsTest {
  static final String PHONE = "106540352242922";
  static final Instant T = Instant.parse("2026-07-01T10:00:00Z");

  JdbcClient jdbc;
  CallingRestrictions restrictions;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(TestDatabase.newDatabase());
    restrictions = new CallingRestrictions(jdbc);
  }

  @Test
  void aPauseIsInForceUntilItsExpiry_andLiftsItselfThen() {
    Instant until = T.plus(Duration.ofDays(7));
    assertThat(restrictions.record(new Restriction(PHONE, Kind.BUSINESS_INITIATED,
        "RESTRICTED_BUSINESS_INITIATED_CALLING", until, T))).isTrue();

    assertThat(restrictions.businessInitiatedPausedUntil(PHONE, T)).contains(until);
    assertThat(restrictions.businessInitiatedPausedUntil(PHONE, until.minusSeconds(1))).contains(until);
    assertThat(restrictions.businessInitiatedPausedUntil(PHONE, until)).isEmpty();
    assertThat(restrictions.inForce(PHONE, until.plusSeconds(1))).isEmpty();
    assertThat(restrictions.businessInitiatedPausedUntil("another-number", T)).isEmpty();
  }

  @Test
  void aRedeliveredOlderRestrictionNeverShortensANewerOne() {
    Instant later = T.plus(Duration.ofDays(9));
    restrictions.record(new Restriction(PHONE, Kind.BUSINESS_INITIATED, "RESTRICTED_BUSINESS_INITIATED_CALLING", later, T));

    assertThat(restrictions.record(new Restriction(PHONE, Kind.BUSINESS_INITIATED,
        "RESTRICTED_BUSINESS_INITIATED_CALLING", T.plus(Duration.ofDays(7)), T.plusSeconds(5)))).isFalse();

    assertThat(restrictions.businessInitiatedPausedUntil(PHONE, T)).contains(later);
  }

  @Test
  void onlyABusinessInitiatedPauseStopsOutboundCalling() {
    restrictions.record(new Restriction(PHONE, Kind.CALL_BUTTON_HIDDEN,
        "RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN", T.plus(Duration.ofDays(7)), T));
    restrictions.record(new Restriction(PHONE, Kind.USER_INITIATED, "RESTRICTED_USER_INITIATED_CALLING",
        T.plus(Duration.ofDays(7)), T));

    assertThat(restrictions.inForce(PHONE, T)).extracting(Restriction::kind)
        .containsExactly(Kind.CALL_BUTTON_HIDDEN, Kind.USER_INITIATED);
    assertThat(restrictions.businessInitiatedPausedUntil(PHONE, T)).isEmpty();
  }

  @Test
  void metasTypesMapToKinds_andOtherRestrictionsAreNotAboutCalling() {
    assertThat(Kind.ofMetaType("RESTRICTED_BUSINESS_INITIATED_CALLING")).contains(Kind.BUSINESS_INITIATED);
    assertThat(Kind.ofMetaType("restricted_user_initiated_calling")).contains(Kind.USER_INITIATED);
    assertThat(Kind.ofMetaType("RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN")).contains(Kind.CALL_BUTTON_HIDDEN);
    assertThat(Kind.ofMetaType("RESTRICTED_ADD_PHONE_NUMBER_ACTION")).isEmpty();
    assertThat(Kind.ofMetaType(null)).isEmpty();
  }
}
