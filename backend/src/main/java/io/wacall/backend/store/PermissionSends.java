package io.wacall.backend.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The journal of permission request sends ({@code permission_sends}): what an attempt of the
 * request's activity did, so that the next attempt of the same activity never sends blindly
 * again. Temporal runs an activity at least once: an attempt that timed out or whose worker died
 * may have reached Meta, and only a note written before the send can tell the next attempt so.
 */
@Repository
public class PermissionSends {
  /** How long a note is kept: far longer than an activity's attempts take. */
  static final Duration KEPT = Duration.ofDays(1);

  private final JdbcClient jdbc;

  public PermissionSends(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What a previous attempt of the send {@code sendKey} left. */
  public enum State { SENDING, SENT, NOT_SENT }

  /** A previous attempt's note: its state and, when SENT, Meta's wamid. */
  public record Note(State state, String messageId) {}

  /** The note of {@code sendKey}, if an attempt wrote one. */
  public Optional<Note> find(String sendKey) {
    return jdbc.sql("SELECT state, message_id FROM permission_sends WHERE send_key = :key")
        .param("key", sendKey)
        .query((rs, n) -> new Note(State.valueOf(rs.getString("state")), rs.getString("message_id")))
        .optional();
  }

  /** Before the send: attempt {@code attempt} is about to send (and notes older than a day go). */
  public void sending(String sendKey, String phoneNumberId, String waId, int attempt, Instant now) {
    jdbc.sql("DELETE FROM permission_sends WHERE updated_at < :before")
        .param("before", Timestamps.of(now.minus(KEPT)))
        .update();
    jdbc.sql("""
        INSERT INTO permission_sends (send_key, phone_number_id, wa_id, state, attempt, updated_at)
        VALUES (:key, :pnid, :waId, 'SENDING', :attempt, :now)
        ON CONFLICT (send_key) DO UPDATE SET state = 'SENDING', message_id = NULL, attempt = :attempt,
            updated_at = :now
        """)
        .param("key", sendKey)
        .param("pnid", phoneNumberId)
        .param("waId", waId)
        .param("attempt", attempt)
        .param("now", Timestamps.of(now))
        .update();
  }

  /** Meta accepted the message: its wamid. */
  public void sent(String sendKey, String messageId, Instant now) {
    finish(sendKey, State.SENT, messageId, now);
  }

  /** The send surely never left (e.g. the connection was refused): the next attempt may send. */
  public void notSent(String sendKey, Instant now) {
    finish(sendKey, State.NOT_SENT, null, now);
  }

  private void finish(String sendKey, State state, String messageId, Instant now) {
    jdbc.sql("UPDATE permission_sends SET state = :state, message_id = :id, updated_at = :now WHERE send_key = :key")
        .param("state", state.name())
        .param("id", messageId)
        .param("now", Timestamps.of(now))
        .param("key", sendKey)
        .update();
  }
}
