package io.wacall.backend.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.Disposition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The call read model in PostgreSQL. The RecordCall activity writes the workflow's snapshots; a
 * snapshot older than the stored one (a late retry) is ignored. The disposition the API sets has
 * columns of its own, written by {@link CallDispositions} and never by a snapshot: every view read
 * from here (and the live view of a running call, through {@link #withStoredDisposition}) carries
 * it, merged by {@link #withDisposition} alone.
 */
@Repository
public class CallReadModel {
  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public CallReadModel(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Upserts the snapshot unless a newer version of the same run is stored. The disposition columns
   * are left alone; {@code disposition_tag} takes the snapshot's tag only when the snapshot carries
   * a disposition set after the stored one (a run started before the API stored dispositions may
   * still get the {@code setDisposition} update), so a later snapshot never erases a disposition.
   */
  public boolean record(CallView v, String runId) {
    return jdbc.sql("""
        INSERT INTO call_records (id, wacid, direction, phone_number_id, customer, agent_id, status, outcome,
            started_at, answered_at, ended_at, duration_seconds, disposition_tag, error_code, view, version,
            workflow_run_id, updated_at, wrap_up_ends_at)
        VALUES (:id, :wacid, :direction, :pnid, :customer, :agentId, :status, :outcome, :startedAt, :answeredAt,
            :endedAt, :duration, :tag, :errorCode, CAST(:view AS jsonb), :version, :runId, :updatedAt, :wrapUpEndsAt)
        ON CONFLICT (id) DO UPDATE SET
            wacid = EXCLUDED.wacid, agent_id = EXCLUDED.agent_id, customer = EXCLUDED.customer,
            status = EXCLUDED.status, outcome = EXCLUDED.outcome, started_at = EXCLUDED.started_at,
            answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,
            duration_seconds = EXCLUDED.duration_seconds,
            disposition_tag = CASE WHEN EXCLUDED.disposition_tag IS NOT NULL
                    AND (call_records.api_disposition_set_at IS NULL
                         OR CAST(:tagAt AS timestamptz) > call_records.api_disposition_set_at)
                THEN EXCLUDED.disposition_tag ELSE call_records.disposition_tag END,
            error_code = EXCLUDED.error_code, view = EXCLUDED.view, version = EXCLUDED.version,
            workflow_run_id = EXCLUDED.workflow_run_id, updated_at = EXCLUDED.updated_at,
            wrap_up_ends_at = EXCLUDED.wrap_up_ends_at
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
        .param("tagAt", Timestamps.of(v.disposition() == null ? null : v.disposition().at()))
        .param("errorCode", v.errorCode())
        .param("view", write(v))
        .param("version", v.version())
        .param("runId", runId)
        .param("updatedAt", Timestamps.of(v.asOf() != null ? v.asOf() : Instant.now()))
        .param("wrapUpEndsAt", Timestamps.of(v.wrapUpEndsAt()))
        .update() > 0;
  }

  /** The call's view as last recorded, with its disposition. */
  public Optional<CallView> find(String id) {
    return jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM call_records WHERE id = :id").param("id", id)
        .query((rs, n) -> view(rs)).optional();
  }

  /**
   * {@code live} (the {@code state} query of a running call) with the disposition stored for it:
   * a disposition set while the run still answers queries is in the read model, not in the run.
   */
  public CallView withStoredDisposition(CallView live) {
    return jdbc.sql("SELECT " + DISPOSITION_COLUMNS + " FROM call_records WHERE id = :id").param("id", live.id())
        .query((rs, n) -> storedDisposition(rs)).optional()
        .map(stored -> withDisposition(live, stored)).orElse(live);
  }

  /**
   * The one place a view and a stored disposition meet: the view with whichever of its own
   * disposition (a run that got the {@code setDisposition} update) and {@code stored} (the API's)
   * was set last; the stored one when their times tie or are unknown.
   */
  public static CallView withDisposition(CallView v, Disposition stored) {
    Disposition carried = v.disposition();
    if (stored == null || stored.equals(carried)
        || carried != null && carried.at() != null && stored.at() != null && carried.at().isAfter(stored.at())) {
      return v;
    }
    return new CallView(v.id(), v.wacid(), v.direction(), v.phoneNumberId(), v.customer(), v.agentId(), v.status(),
        v.outcome(), v.startedAt(), v.answeredAt(), v.endedAt(), v.durationSeconds(), v.durationEstimated(), stored,
        v.ringing(), v.ringAttempts(), v.sdpOffer(), v.sdpAnswer(), v.callbackRequestAllowed(), v.errorCode(),
        v.errorMessage(), v.failureReason(), v.hangUpBy(), v.wrapUpEndsAt(), v.timeline(), v.version(), v.asOf());
  }

  /** The columns of the disposition the API stored; no snapshot writes them. */
  static final String DISPOSITION_COLUMNS =
      "api_disposition_tag, api_disposition_note, api_disposition_set_by, api_disposition_set_at";
  /** The columns {@link #view} reads: the snapshot and the stored disposition. */
  static final String VIEW_COLUMNS = "view, " + DISPOSITION_COLUMNS;

  /** A row of {@link #VIEW_COLUMNS} as the call's view, its stored disposition merged in. */
  CallView view(ResultSet rs) throws SQLException {
    return withDisposition(read(rs.getString("view")), storedDisposition(rs));
  }

  /** The API's disposition of a row of {@link #DISPOSITION_COLUMNS}; null when it set none. */
  private static Disposition storedDisposition(ResultSet rs) throws SQLException {
    Instant setAt = Timestamps.read(rs, "api_disposition_set_at");
    return setAt == null ? null : new Disposition(rs.getString("api_disposition_tag"),
        rs.getString("api_disposition_note"), rs.getString("api_disposition_set_by"), setAt);
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
    ListQuery q = listQuery(f, offset, limit);
    return jdbc.sql(q.sql()).params(q.params()).query((rs, n) -> view(rs)).list();
  }

  /**
   * A page of the list: at {@code offset}, or after {@code cursor} (a {@code nextCursor} this list
   * gave under the same filters) when one is given; either way with the cursor of the next page.
   */
  public Keyset.Slice<CallView> page(Filter f, int offset, String cursor, int size) {
    ListQuery q = cursor == null ? listQuery(f, offset, size + 1) : afterQuery(f, after(f, cursor), size + 1);
    List<Row> rows = jdbc.sql(q.sql()).params(q.params())
        .query((rs, n) -> new Row(view(rs), Timestamps.read(rs, "started_at"), rs.getString("id"))).list();
    Keyset.Slice<Row> slice = Keyset.slice(rows, size, last -> Keyset.encode(LIST, where(f).params(),
        java.util.Arrays.asList(last.startedAt() == null ? null : last.startedAt().toString(), last.id())));
    return new Keyset.Slice<>(slice.items().stream().map(Row::view).toList(), slice.hasMore(), slice.nextCursor());
  }

  /** The calls matching {@code f}, counted up to {@link Keyset#TOTAL_CAP}. */
  public Keyset.Total total(Filter f) {
    return Keyset.count(jdbc, "call_records", where(f));
  }

  /** Whether any call matches {@code f}: one index probe, not a count. */
  public boolean any(Filter f) {
    ListQuery.Where where = where(f);
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM call_records" + where.sql() + ")").params(where.params())
        .query(Boolean.class).single();
  }

  private static final String LIST = "calls";
  private static final String LIST_COLUMNS = VIEW_COLUMNS + ", started_at, id";
  private static final String ORDER = " ORDER BY started_at DESC NULLS LAST, id";

  private record Row(CallView view, Instant startedAt, String id) {}

  /** The sort key a cursor names: the last row's {@code started_at} (null for a call with none) and id. */
  private record After(Object startedAt, String id) {}

  private static After after(Filter f, String cursor) {
    List<String> key = Keyset.decode(cursor, LIST, where(f).params(), 2);
    if (key.get(1) == null) {
      throw new Keyset.InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
    }
    return new After(Keyset.timestamp(key.get(0)), key.get(1));
  }

  /**
   * A page of the list, newest first. The order is that of the V13 indexes
   * ({@code started_at DESC NULLS LAST, id}), each led by the column of one filter, so that a page
   * is an index walk whichever filters are given.
   */
  public static ListQuery listQuery(Filter f, int offset, int limit) {
    ListQuery.Where where = where(f).param("offset", offset).param("limit", limit);
    return new ListQuery("SELECT " + LIST_COLUMNS + " FROM call_records" + where.sql() + ORDER
        + " OFFSET :offset LIMIT :limit", where.params());
  }

  /**
   * The {@code limit} rows after {@code (startedAt, id)} in the list's order. The order mixes a
   * descending and an ascending key and puts NULLs last, which no row comparison expresses; so it is
   * up to three walks of the same V13 indexes, each bounded by the key and stopping at the page:
   * the rest of the last row's instant (ids after its id), the earlier instants, then the calls
   * with no start time. Each walk is in the list's own order (an equality or IS NULL on the
   * instant does not tell the planner that the index is then in id order), so the planner merges
   * them as they come.
   */
  public static ListQuery afterQuery(Filter f, Object startedAt, String id, int limit) {
    ListQuery.Where where = where(f).param("limit", limit).param("afterId", id);
    String walks;
    if (startedAt == null) {
      walks = walk(where, "started_at IS NULL AND id > :afterId", ORDER);
    } else {
      where.param("afterAt", startedAt);
      walks = walk(where, "started_at = :afterAt AND id > :afterId", ORDER)
          + " UNION ALL " + walk(where, "started_at < :afterAt", ORDER)
          + " UNION ALL " + walk(where, "started_at IS NULL", ORDER);
    }
    return new ListQuery("SELECT * FROM (" + walks + ") page" + ORDER + " LIMIT :limit", where.params());
  }

  private static ListQuery afterQuery(Filter f, After after, int limit) {
    return afterQuery(f, after.startedAt(), after.id(), limit);
  }

  private static String walk(ListQuery.Where where, String condition, String order) {
    String sql = where.sql();
    return "(SELECT " + LIST_COLUMNS + " FROM call_records" + (sql.isEmpty() ? " WHERE " : sql + " AND ")
        + condition + order + " LIMIT :limit)";
  }

  private static ListQuery.Where where(Filter f) {
    return new ListQuery.Where()
        .and("phone_number_id = :pnid", "pnid", f.phoneNumberId())
        .and("customer = :customer", "customer", f.customer())
        .and("agent_id = :agentId", "agentId", f.agentId())
        .and("direction = :direction", "direction", f.direction() == null ? null : f.direction().name())
        .and("outcome = :outcome", "outcome", f.outcome() == null ? null : f.outcome().name())
        .and("started_at >= :from", "from", Timestamps.of(f.from()))
        .and("started_at < :to", "to", Timestamps.of(f.to()));
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
