package io.wacall.backend.store.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.testsupport.TestDatabase;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The customer conversation log, on a real PostgreSQL. */
class ConversationLogTest {
  static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";

  ConversationLog log;

  @BeforeEach
  void setUp() {
    log = new ConversationLog(JdbcClient.create(TestDatabase.newDatabase()), new ObjectMapper());
  }

  @Test
  void aRetriedActivityLogsTheMissedCallOnce() {
    ConversationRecord missed = event(T, ConversationEventKind.MISSED_CALL, "inbound-call:wacid.1",
        Map.of("ringGroupSize", 3));

    assertThat(log.logConversationEvent(missed)).isTrue();
    assertThat(log.logConversationEvent(missed)).isFalse();

    assertThat(log.count(PHONE, CUSTOMER)).isEqualTo(1);
    ConversationLogEntry entry = log.events(PHONE, CUSTOMER, 0, 10).get(0);
    assertThat(entry.kind()).isEqualTo(ConversationEventKind.MISSED_CALL);
    assertThat(entry.callId()).isEqualTo("inbound-call:wacid.1");
    assertThat(entry.at()).isEqualTo(T);
    assertThat(entry.detail()).isEqualTo(Map.of("ringGroupSize", 3));
  }

  @Test
  void oneCallMayLogSeveralKindsOfEvent() {
    assertThat(log.logConversationEvent(event(T, ConversationEventKind.MISSED_CALL, "inbound-call:wacid.2", null))).isTrue();
    assertThat(log.logConversationEvent(event(T, ConversationEventKind.CALLBACK_REQUEST_ALLOWED, "inbound-call:wacid.2", null)))
        .isTrue();

    assertThat(log.count(PHONE, CUSTOMER)).isEqualTo(2);
  }

  @Test
  void theLogIsNewestFirstInPagesAndShowsOnlyThatCustomerOfThatNumber() {
    for (int i = 0; i < 5; i++) {
      log.logConversationEvent(event(T.plusSeconds(i * 60L), ConversationEventKind.CALL_COMPLETED, "call-" + i, null));
    }
    log.logConversationEvent(new ConversationRecord(PHONE, "5521987650002", T, ConversationEventKind.MISSED_CALL, "other-customer", null));
    log.logConversationEvent(new ConversationRecord("999", CUSTOMER, T, ConversationEventKind.MISSED_CALL, "other-number", null));

    assertThat(log.events(PHONE, CUSTOMER, 0, 2)).extracting(ConversationLogEntry::callId).containsExactly("call-4", "call-3");
    assertThat(log.events(PHONE, CUSTOMER, 2, 2)).extracting(ConversationLogEntry::callId).containsExactly("call-2", "call-1");
    assertThat(log.events(PHONE, CUSTOMER, 4, 2)).extracting(ConversationLogEntry::callId).containsExactly("call-0");
    assertThat(log.count(PHONE, CUSTOMER)).isEqualTo(5);
  }

  @Test
  void eventsWithoutACallAreNeverMergedAndAnEmptyDetailIsAnEmptyObject() {
    assertThat(log.logConversationEvent(event(T, ConversationEventKind.CALLBACK_REQUEST_ALLOWED, null, null))).isTrue();
    assertThat(log.logConversationEvent(event(T, ConversationEventKind.CALLBACK_REQUEST_ALLOWED, null, null))).isTrue();

    assertThat(log.events(PHONE, CUSTOMER, 0, 10)).hasSize(2).allSatisfy(e -> assertThat(e.detail()).isEmpty());
  }

  private static ConversationRecord event(Instant at, ConversationEventKind kind, String callId, Map<String, Object> detail) {
    return new ConversationRecord(PHONE, CUSTOMER, at, kind, callId, detail);
  }
}
