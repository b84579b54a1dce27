package io.wacall.backend.store.directory;

import io.wacall.backend.store.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What is ringing for each agent now, polled by agent clients through the API. Written by the call
 * workflows' activities: for runs of the current shape the rows follow each saved snapshot of the
 * call ({@code CallRecords}); runs of the legacy shape write them when a member's turn starts and ends.
 */
@Repository
public class AgentRingingRepository {
  private final JdbcClient jdbc;

  public AgentRingingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Marks the call as ringing for the agent until {@code ringExpiresAt}. Idempotent: a retry
   * with the same values changes nothing; ringing the same agent again in the same call moves the
   * window.
   */
  public void ringing(RingingCall call) {
    Objects.requireNonNull(call.callId(), "callId");
    Objects.requireNonNull(call.agentId(), "agentId");
    Objects.requireNonNull(call.phoneNumberId(), "phoneNumberId");
    Objects.requireNonNull(call.from(), "from");
    if (!call.ringExpiresAt().isAfter(call.ringingSince())) {
      throw new IllegalArgumentException("ringExpiresAt (" + call.ringExpiresAt() + ") must be after ringingSince ("
          + call.ringingSince() + ")");
    }
    jdbc.sql("""
        INSERT INTO agent_ringing (call_id, agent_id, phone_number_id, from_number, ringing_since, ring_expires_at)
        VALUES (:callId, :agentId, :pnid, :from, :since, :expires)
        ON CONFLICT (call_id, agent_id) DO UPDATE SET phone_number_id = EXCLUDED.phone_number_id,
            from_number = EXCLUDED.from_number, ringing_since = EXCLUDED.ringing_since,
            ring_expires_at = EXCLUDED.ring_expires_at
        """)
        .param("callId", call.callId())
        .param("agentId", call.agentId())
        .param("pnid", call.phoneNumberId())
        .param("from", call.from())
        .param("since", Timestamps.of(call.ringingSince()))
        .param("expires", Timestamps.of(call.ringExpiresAt()))
        .update();
  }

  /** See {@link #ringing(RingingCall)}. */
  public void ringing(String callId, String agentId, String phoneNumberId, String from, Instant ringingSince,
      Instant ringExpiresAt) {
    ringing(new RingingCall(callId, agentId, phoneNumberId, from, ringingSince, ringExpiresAt));
  }

  /** The member's turn is over (answered, declined, timed out, skipped). Idempotent. */
  public int stopRinging(String callId, String agentId) {
    return jdbc.sql("DELETE FROM agent_ringing WHERE call_id = :callId AND agent_id = :agentId")
        .param("callId", callId)
        .param("agentId", agentId)
        .update();
  }

  /** The call rings for {@code agentId} only: every other agent's row of the call goes. Idempotent. */
  public int stopRingingExcept(String callId, String agentId) {
    return jdbc.sql("DELETE FROM agent_ringing WHERE call_id = :callId AND agent_id <> :agentId")
        .param("callId", callId)
        .param("agentId", agentId)
        .update();
  }

  /** The call stopped ringing for everyone (answered, caller hung up, ended). Idempotent. */
  public int stopRinging(String callId) {
    return jdbc.sql("DELETE FROM agent_ringing WHERE call_id = :callId").param("callId", callId).update();
  }

  /** The calls ringing for the agent at {@code now}, the longest-ringing first. */
  public List<RingingCall> ringingFor(String agentId, Instant now) {
    return jdbc.sql("""
        SELECT * FROM agent_ringing
        WHERE agent_id = :agentId AND ring_expires_at > :now
        ORDER BY ringing_since, call_id
        """)
        .param("agentId", agentId)
        .param("now", Timestamps.of(now))
        .query(AgentRingingRepository::row)
        .list();
  }

  /** Whether the call rings for the agent at {@code now}: its row, as the agent's ringing list shows it. */
  public boolean isRingingFor(String callId, String agentId, Instant now) {
    return jdbc.sql("""
        SELECT EXISTS (SELECT 1 FROM agent_ringing
                       WHERE call_id = :callId AND agent_id = :agentId AND ring_expires_at > :now)
        """)
        .param("callId", callId)
        .param("agentId", agentId)
        .param("now", Timestamps.of(now))
        .query(Boolean.class)
        .single();
  }

  /** Removes rows whose window ended before {@code before}, left behind by a failed activity. */
  public int purgeExpired(Instant before) {
    return jdbc.sql("DELETE FROM agent_ringing WHERE ring_expires_at < :before")
        .param("before", Timestamps.of(before))
        .update();
  }

  private static RingingCall row(ResultSet rs, int n) throws SQLException {
    return new RingingCall(rs.getString("call_id"), rs.getString("agent_id"), rs.getString("phone_number_id"),
        rs.getString("from_number"), Timestamps.read(rs, "ringing_since"), Timestamps.read(rs, "ring_expires_at"));
  }
}
