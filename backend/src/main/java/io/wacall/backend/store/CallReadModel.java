package io.wacall.backend.store;

import io.wacall.backend.store.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallView;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The call read model in PostgreSQL. Written only by the RecordCall activity; a snapshot older
 * than the stored one (a late retry) is ignored.
 */
@Repository
public class CallReadModel {
  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public CallReadModel(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Upserts the snapshot unless a newer version of the same run is stored. */
  public boolean record(CallView v, String runId) {
    return jdbc.sql("""
        INSERT INTO call_records (id, wacid, direction, phone_number_id, customer, agent_id, status, outcome,
            started_at, answered_at, ended_at, duration_seconds, disposition_tag, error_code, view, version,
            workflow_run_id, updated_at)
        VALUES (:id, :wacid, :direction, :pnid, :customer, :agentId, :status, :outcome, :startedAt, :answeredAt,
            :endedAt, :duration, :tag, :errorCode, CAST(:view AS jsonb), :version, :runId, :updatedAt)
        ON CONFLICT (id) DO UPDATE SET
            wacid = EXCLUDED.wacid, agent_id = EXCLUDED.agent_id, customer = EXCLUDED.customer,
            status = EXCLUDED.status, outcome = EXCLUDED.outcome, started_at = EXCLUDED.started_at,
            answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,
            duration_seconds = EXCLUDED.duration_seconds, disposition_tag = EXCLUDED.disposition_tag,
            error_code = EXCLUDED.error_code, view = EXCLUDED.view, version = EXCLUDED.version,
            workflow_run_id = EXCLUDED.workflow_run_id, updated_at = EXCLUDED.updated_at
        WHERE call_records.version < EXCLUDED.version
           OR call_records.workflow_run_id IS DISTINCT FROM EXCLUDED.workflow_run_id
        """)
        .param("id", v.id())
        .param("wacid", v.wacid())
        .param("direction", v.direction().name())
        .param("pnid", v.phoneNumberId())
        .param("customer", v.customer())
        .param("agentId", v.agentId())
        .param("status", v.status().name())
        .param("outcome", v.outcome() == null ? null : v.outcome().name())
        .param("startedAt", Timestamps.of(v.startedAt()))
        .param("answeredAt", Timestamps.of(v.answeredAt()))
        .param("endedAt", Timestamps.of(v.endedAt()))
        .param("duration", v.durationSeconds())
        .param("tag", v.disposition() == null ? null : v.disposition().tag())
        .param("errorCode", v.errorCode())
        .param("view", write(v))
        .param("version", v.version())
        .param("runId", runId)
        .param("updatedAt", Timestamps.of(v.asOf() != null ? v.asOf() : Instant.now()))
        .update() > 0;
  }

  public Optional<CallView> find(String id) {
    return jdbc.sql("SELECT view FROM call_records WHERE id = :id").param("id", id)
        .query((rs, n) -> read(rs.getString("view"))).optional();
  }

  /** The workflow ID of the call Meta knows as {@code wacid}, if we placed or took it. */
  public Optional<String> idByWacid(String wacid) {
    return jdbc.sql("SELECT id FROM call_records WHERE wacid = :wacid").param("wacid", wacid)
        .query(String.class).optional();
  }

  /** Filters of the call list; null means any. */
  public record Filter(String phoneNumberId, String customer, String agentId, CallDirection direction,
      CallOutcome outcome, Instant from, Instant to) {}

  public List<CallView> list(Filter f, int offset, int limit) {
    return jdbc.sql("SELECT view FROM call_records " + where() + " ORDER BY started_at DESC NULLS LAST, id OFFSET :offset LIMIT :limit")
        .params(params(f)).param("offset", offset).param("limit", limit)
        .query((rs, n) -> read(rs.getString("view"))).list();
  }

  public long count(Filter f) {
    return jdbc.sql("SELECT count(*) FROM call_records " + where()).params(params(f)).query(Long.class).single();
  }

  private static String where() {
    return """
        WHERE (CAST(:pnid AS text) IS NULL OR phone_number_id = :pnid)
          AND (CAST(:customer AS text) IS NULL OR customer = :customer)
          AND (CAST(:agentId AS text) IS NULL OR agent_id = :agentId)
          AND (CAST(:direction AS text) IS NULL OR direction = :direction)
          AND (CAST(:outcome AS text) IS NULL OR outcome = :outcome)
          AND (CAST(:from AS timestamptz) IS NULL OR started_at >= :from)
          AND (CAST(:to AS timestamptz) IS NULL OR started_at < :to)
        """;
  }

  private static Map<String, Object> params(Filter f) {
    Map<String, Object> p = new HashMap<>();
    p.put("pnid", f.phoneNumberId());
    p.put("customer", f.customer());
    p.put("agentId", f.agentId());
    p.put("direction", f.direction() == null ? null : f.direction().name());
    p.put("outcome", f.outcome() == null ? null : f.outcome().name());
    p.put("from", Timestamps.of(f.from()));
    p.put("to", Timestamps.of(f.to()));
    return p;
  }


  private String write(CallView v) {
    try {
      return json.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private CallView read(String text) {
    try {
      return json.readValue(text, CallView.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt call view", e);
    }
  }
}
