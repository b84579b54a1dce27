package io.wacall.backend.store.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.testsupport.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What is ringing for each agent, on a real PostgreSQL. */
class AgentRingingRepositoryTest {
  static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
  static final String PHONE = "106540352242922";
  static final String CALLER = "5521987650001";

  AgentRingingRepository ringing;
  JdbcClient jdbc;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(TestDatabase.newDatabase());
    ringing = new AgentRingingRepository(jdbc);
  }

  @Test
  void aCallShowsForTheAgentUntilItsRingWindowEnds() {
    ringing.ringing("inbound-call:wacid.1", "a-1", PHONE, CALLER, T, T.plusSeconds(20));

    RingingCall expected = new RingingCall("inbound-call:wacid.1", "a-1", PHONE, CALLER, T, T.plusSeconds(20));
    assertThat(ringing.ringingFor("a-1", T.plusSeconds(19))).containsExactly(expected);
    assertThat(ringing.ringingFor("a-1", T.plusSeconds(20))).isEmpty();
    assertThat(ringing.ringingFor("a-2", T.plusSeconds(1))).isEmpty();
  }

  @Test
  void aRetriedRingWritesOneRowAndRingingAgainMovesTheWindow() {
    RingingCall call = new RingingCall("inbound-call:wacid.2", "a-1", PHONE, CALLER, T, T.plusSeconds(20));
    ringing.ringing(call);
    ringing.ringing(call);
    assertThat(rows()).isEqualTo(1);

    ringing.ringing("inbound-call:wacid.2", "a-1", PHONE, CALLER, T.plusSeconds(40), T.plusSeconds(60));
    assertThat(rows()).isEqualTo(1);
    assertThat(ringing.ringingFor("a-1", T.plusSeconds(41))).singleElement()
        .extracting(RingingCall::ringExpiresAt).isEqualTo(T.plusSeconds(60));
  }

  @Test
  void stoppingOneMembersRingLeavesTheOthersAndStoppingTheCallClearsThemAll() {
    ringing.ringing("inbound-call:wacid.3", "a-1", PHONE, CALLER, T, T.plusSeconds(20));
    ringing.ringing("inbound-call:wacid.3", "a-2", PHONE, CALLER, T, T.plusSeconds(20));
    ringing.ringing("inbound-call:wacid.4", "a-2", PHONE, "5521987650002", T, T.plusSeconds(20));

    assertThat(ringing.stopRinging("inbound-call:wacid.3", "a-1")).isEqualTo(1);
    assertThat(ringing.stopRinging("inbound-call:wacid.3", "a-1")).isZero();
    assertThat(ringing.ringingFor("a-1", T)).isEmpty();
    assertThat(ringing.ringingFor("a-2", T)).hasSize(2);

    assertThat(ringing.stopRinging("inbound-call:wacid.3")).isEqualTo(1);
    assertThat(ringing.ringingFor("a-2", T)).extracting(RingingCall::callId).containsExactly("inbound-call:wacid.4");
  }

  @Test
  void ringingForOneAgentOnlyRemovesTheCallsOtherRowsAndNoOtherCalls() {
    ringing.ringing("inbound-call:wacid.6", "a-1", PHONE, CALLER, T, T.plusSeconds(20));
    ringing.ringing("inbound-call:wacid.6", "a-2", PHONE, CALLER, T, T.plusSeconds(20));
    ringing.ringing("inbound-call:wacid.7", "a-1", PHONE, CALLER, T, T.plusSeconds(20));

    assertThat(ringing.stopRingingExcept("inbound-call:wacid.6", "a-2")).isEqualTo(1);
    assertThat(ringing.stopRingingExcept("inbound-call:wacid.6", "a-2")).isZero();

    assertThat(ringing.ringingFor("a-2", T)).extracting(RingingCall::callId).containsExactly("inbound-call:wacid.6");
    assertThat(ringing.ringingFor("a-1", T)).extracting(RingingCall::callId).containsExactly("inbound-call:wacid.7");
  }

  @Test
  void theLongestRingingCallComesFirst() {
    ringing.ringing("inbound-call:wacid.late", "a-1", PHONE, CALLER, T.plusSeconds(5), T.plusSeconds(25));
    ringing.ringing("inbound-call:wacid.early", "a-1", PHONE, CALLER, T, T.plusSeconds(20));

    assertThat(ringing.ringingFor("a-1", T.plusSeconds(6))).extracting(RingingCall::callId)
        .containsExactly("inbound-call:wacid.early", "inbound-call:wacid.late");
  }

  @Test
  void aRingThatEndsBeforeItStartsIsRefused() {
    assertThatThrownBy(() -> ringing.ringing("inbound-call:wacid.5", "a-1", PHONE, CALLER, T, T))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ringExpiresAt");
    assertThat(rows()).isZero();
  }

  @Test
  void rowsLeftBehindAfterTheirWindowArePurged() {
    ringing.ringing("inbound-call:wacid.6", "a-1", PHONE, CALLER, T, T.plusSeconds(20));
    ringing.ringing("inbound-call:wacid.7", "a-1", PHONE, CALLER, T.plusSeconds(30), T.plusSeconds(50));

    assertThat(ringing.purgeExpired(T.plusSeconds(40))).isEqualTo(1);
    assertThat(ringing.ringingFor("a-1", T.plusSeconds(31))).extracting(RingingCall::callId)
        .containsExactly("inbound-call:wacid.7");
  }

  private long rows() {
    return jdbc.sql("SELECT count(*) FROM agent_ringing").query(Long.class).single();
  }
}
