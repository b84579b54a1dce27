package io.wacall.backend.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.wacall.backend.billing.ChargeLedger;
import io.wacall.backend.billing.RateCardRepository;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.CallRecords;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.backend.store.directory.ConversationLog;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.Ringing;
import io.wacall.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The stores the call activities write, on a fresh real PostgreSQL (migrated by the project's own
 * Flyway scripts), and small builders of call records for the tests.
 */
final class CallStores {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";
  static final Instant T = Instant.parse("2026-05-10T12:00:00Z");

  final DataSource db = TestDatabase.newDatabase();
  final JdbcClient jdbc = JdbcClient.create(db);
  final DataSourceTransactionManager transactions = new DataSourceTransactionManager(db);
  final CallReadModel calls = new CallReadModel(jdbc, JSON);
  final AgentRingingRepository ringing = new AgentRingingRepository(jdbc);
  final ConversationLog conversations = new ConversationLog(jdbc, JSON);
  final CallRecords records = new CallRecords(calls, ringing, transactions);
  final RateCardRepository cards = new RateCardRepository(db, transactions);

  ChargeLedger ledger() {
    return new ChargeLedger(db, transactions, cards, ZoneOffset.UTC, Clock.systemUTC());
  }

  /** The agents the call rings for, per the agents' ringing rows. */
  List<String> ringingAgents(String callId) {
    return jdbc.sql("SELECT agent_id FROM agent_ringing WHERE call_id = :id ORDER BY agent_id").param("id", callId)
        .query(String.class).list();
  }

  long ledgerRows(String callId) {
    return jdbc.sql("SELECT count(*) FROM billing_charges WHERE call_id = :id").param("id", callId)
        .query(Long.class).single();
  }

  long conversationLines(String callId) {
    return jdbc.sql("SELECT count(*) FROM conversation_events WHERE call_id = :id").param("id", callId)
        .query(Long.class).single();
  }

  /** An inbound call's record at {@code version}, ringing {@code agentId} (null: nobody). */
  static CallView inbound(String id, long version, CallStatus status, String agentId) {
    Ringing rung = agentId == null ? null
        : new Ringing(agentId, "Agent " + agentId, AgentChannel.WEB_APP, 1, 2, T, T.plusSeconds(20));
    return view(id, "wacid." + id, CallDirection.USER_INITIATED, status, null, rung, version);
  }

  static CallView view(String id, String wacid, CallDirection direction, CallStatus status, CallOutcome outcome,
      Ringing ringing, long version) {
    boolean ended = status == CallStatus.ENDED;
    return new CallView(id, wacid, direction, PHONE, CUSTOMER, null, status,
        outcome, T, null, ended ? T.plusSeconds(60) : null, ended ? 56 : null, false, null, ringing, List.of(),
        null, null, false, null, null, null, null, null, List.of(), version, T.plusSeconds(version));
  }
}
