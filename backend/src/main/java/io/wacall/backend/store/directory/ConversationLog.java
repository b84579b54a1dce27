package io.wacall.backend.store.directory;

import io.wacall.backend.store.Timestamps;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each customer's conversation log with a business number: missed calls and other call events,
 * written by the calls workflows' activities, read by the CRM through the API.
 */
@Repository
public class ConversationLog {
  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public ConversationLog(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Appends the event unless one of the same call and kind is already logged, so an activity
   * retry writes once.
   *
   * @return true when this call wrote it, false when it was already there
   */
  public boolean logConversationEvent(ConversationRecord event) {
    Objects.requireNonNull(event.phoneNumberId(), "phoneNumberId");
    Objects.requireNonNull(event.waId(), "waId");
    Objects.requireNonNull(event.at(), "at");
    Objects.requireNonNull(event.kind(), "kind");
    return jdbc.sql("""
        INSERT INTO conversation_events (phone_number_id, wa_id, at, kind, call_id, detail)
        VALUES (:pnid, :waId, :at, :kind, :callId, CAST(:detail AS jsonb))
        ON CONFLICT (call_id, kind) DO NOTHING
        """)
        .param("pnid", event.phoneNumberId())
        .param("waId", event.waId())
        .param("at", Timestamps.of(event.at()))
        .param("kind", event.kind().name())
        .param("callId", event.callId())
        .param("detail", Rows.json(json, event.detail()))
        .update() > 0;
  }

  /** A page of the customer's log, newest first. */
  public List<ConversationLogEntry> events(String phoneNumberId, String waId, long offset, int limit) {
    return jdbc.sql("""
        SELECT * FROM conversation_events
        WHERE phone_number_id = :pnid AND wa_id = :waId
        ORDER BY at DESC, id DESC
        OFFSET :offset LIMIT :limit
        """)
        .param("pnid", phoneNumberId)
        .param("waId", waId)
        .param("offset", offset)
        .param("limit", limit)
        .query(this::row)
        .list();
  }

  public long count(String phoneNumberId, String waId) {
    return jdbc.sql("SELECT count(*) FROM conversation_events WHERE phone_number_id = :pnid AND wa_id = :waId")
        .param("pnid", phoneNumberId)
        .param("waId", waId)
        .query(Long.class)
        .single();
  }

  private ConversationLogEntry row(ResultSet rs, int n) throws SQLException {
    return new ConversationLogEntry(rs.getLong("id"), rs.getString("phone_number_id"), rs.getString("wa_id"),
        Timestamps.read(rs, "at"), ConversationEventKind.valueOf(rs.getString("kind")), rs.getString("call_id"),
        Rows.object(json, rs.getString("detail")));
  }
}
