package io.wacall.api.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.backend.store.directory.RingingCall;
import io.wacall.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** On a real PostgreSQL: rows a failed activity left behind go an hour after their ring ended, no sooner. */
class RingingHousekeepingTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aRowExpiredMoreThanAnHourAgoIsDeleted_andOneThatExpiredRecentlyStays() {
    AgentRingingRepository ringing = new AgentRingingRepository(JdbcClient.create(TestDatabase.newDatabase()));
    ringing.ringing("inbound-call:wacid.old", "a-1", "106540352242922", "5521987650001", T, T.plusSeconds(20));
    ringing.ringing("inbound-call:wacid.recent", "a-1", "106540352242922", "5521987650002",
        T.plusSeconds(1800), T.plusSeconds(1820));
    Clock now = Clock.fixed(T.plusSeconds(20).plus(RingingHousekeeping.KEPT_AFTER_EXPIRY).plusSeconds(1), ZoneOffset.UTC);

    assertThat(new RingingHousekeeping(ringing, now).purgeDue()).isEqualTo(1);

    assertThat(ringing.ringingFor("a-1", T.plusSeconds(1801))).extracting(RingingCall::callId)
        .containsExactly("inbound-call:wacid.recent");
  }
}
