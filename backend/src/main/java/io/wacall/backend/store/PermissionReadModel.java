package io.wacall.backend.store;

import io.wacall.backend.store.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The call-permission read model in PostgreSQL: what the API lists without asking Temporal's
 * visibility store. Written only by the RecordPermission activity; a snapshot older than the
 * stored one (a late retry) is ignored, so the newest state always wins.
 *
 * <p>{@code last_change_at}, the pair's last state change, only ever moves forward, whichever run
 * writes: it outlives the runs, and a fresh run starts from it (LoadPermissionRecord) so that a
 * reply older than it changes nothing.
 *
 * <p>Read "as of" an instant ({@link #find(String, String, Instant)}, {@link #list(String,
 * PermissionStatus, Instant, int, int)}, {@link #count(String, PermissionStatus, Instant)}), a
 * temporary grant whose expiry has passed is {@code EXPIRED}, with its expiry as the last change
 * (and as the row's last update): the same rule by which the workflow lets it lapse
 * ({@code PermissionRules.grantLapsed}). The workflow writes no row for that lapse (each write is a
 * billable Temporal action), so every reader that acts on the status or the last change reads as
 * of now. Read without an instant, a row is as it was written.
 */
@Repository
public class PermissionReadModel {
  private static final TypeReference<List<Instant>> INSTANTS = new TypeReference<>() {};

  /** A temporary grant whose expiry has passed at {@code :asOf} (never, when {@code :asOf} is null). */
  private static final String LAPSED =
      "(CAST(:asOf AS timestamptz) IS NOT NULL AND status = 'TEMPORARY' AND expires_at <= CAST(:asOf AS timestamptz))";
  /** Every row as of {@code :asOf}, under the table's own column names; callers add the WHERE. */
  private static final String ROWS_AS_OF = """
      SELECT * FROM (
        SELECT phone_number_id, wa_id,
            CASE WHEN %1$s THEN 'EXPIRED' ELSE status END AS status,
            permanent, expires_at, pending_request_id, pending_request_expires_at, request_log,
            next_request_allowed_at, consecutive_unanswered, version,
            CASE WHEN %1$s THEN GREATEST(updated_at, expires_at) ELSE updated_at END AS updated_at,
            CASE WHEN %1$s THEN GREATEST(last_change_at, expires_at) ELSE last_change_at END AS last_change_at
        FROM call_permissions) rows_as_of
      """.formatted(LAPSED);

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public PermissionReadModel(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Upserts the snapshot unless a newer version is stored; returns true when it was written. */
  @Transactional
  public boolean record(PermissionView v, String runId) {
    PendingRequest pending = v.pendingRequest();
    int rows = jdbc.sql("""
        INSERT INTO call_permissions (phone_number_id, wa_id, status, permanent, expires_at,
            pending_request_id, pending_request_expires_at, request_log, next_request_allowed_at,
            consecutive_unanswered, version, workflow_run_id, updated_at, last_change_at)
        VALUES (:pnid, :waId, :status, :permanent, :expiresAt, :pendingId, :pendingExpiresAt,
            CAST(:log AS jsonb), :nextAllowed, :unanswered, :version, :runId, :updatedAt, :lastChangeAt)
        ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
            status = EXCLUDED.status, permanent = EXCLUDED.permanent, expires_at = EXCLUDED.expires_at,
            pending_request_id = EXCLUDED.pending_request_id,
            pending_request_expires_at = EXCLUDED.pending_request_expires_at,
            request_log = EXCLUDED.request_log, next_request_allowed_at = EXCLUDED.next_request_allowed_at,
            consecutive_unanswered = EXCLUDED.consecutive_unanswered, version = EXCLUDED.version,
            workflow_run_id = EXCLUDED.workflow_run_id, updated_at = EXCLUDED.updated_at,
            last_change_at = GREATEST(call_permissions.last_change_at, EXCLUDED.last_change_at)
        WHERE call_permissions.version < EXCLUDED.version
           OR call_permissions.workflow_run_id IS DISTINCT FROM EXCLUDED.workflow_run_id
        """)
        .param("pnid", v.phoneNumberId())
        .param("waId", v.waId())
        .param("status", v.status().name())
        .param("permanent", v.permanent())
        .param("expiresAt", Timestamps.of(v.expiresAt()))
        .param("pendingId", pending == null ? null : pending.messageId())
        .param("pendingExpiresAt", pending == null ? null : Timestamps.of(pending.expiresAt()))
        .param("log", write(v.requestLog()))
        .param("nextAllowed", Timestamps.of(v.nextRequestAllowedAt()))
        .param("unanswered", v.consecutiveUnanswered())
        .param("version", v.version())
        .param("runId", runId)
        .param("updatedAt", Timestamps.of(v.asOf()))
        .param("lastChangeAt", Timestamps.of(v.lastChangeAt()))
        .update();
    // a request sent unconfirmed (its answer was lost) has no message id yet: nothing to match statuses to
    if (pending != null && pending.messageId() != null) {
      jdbc.sql("""
          INSERT INTO permission_requests (message_id, phone_number_id, wa_id, sent_at, expires_at, delivery_status)
          VALUES (:id, :pnid, :waId, :sentAt, :expiresAt, :delivery)
          ON CONFLICT (message_id) DO UPDATE SET delivery_status = EXCLUDED.delivery_status,
              delivery_updated_at = now()
          WHERE permission_requests.delivery_status IS DISTINCT FROM EXCLUDED.delivery_status
          """)
          .param("id", pending.messageId())
          .param("pnid", v.phoneNumberId())
          .param("waId", v.waId())
          .param("sentAt", Timestamps.of(pending.sentAt()))
          .param("expiresAt", Timestamps.of(pending.expiresAt()))
          .param("delivery", pending.deliveryStatus().name())
          .update();
    }
    return rows > 0;
  }

  /** The row as it was written. */
  public Optional<PermissionRow> find(String phoneNumberId, String waId) {
    return find(phoneNumberId, waId, null);
  }

  /** The row as of {@code asOf} (see the class comment); as written when {@code asOf} is null. */
  public Optional<PermissionRow> find(String phoneNumberId, String waId, Instant asOf) {
    return jdbc.sql(ROWS_AS_OF + " WHERE phone_number_id = :pnid AND wa_id = :waId")
        .param("asOf", Timestamps.of(asOf))
        .param("pnid", phoneNumberId)
        .param("waId", waId)
        .query(this::row)
        .optional();
  }

  /** A page of the pairs of one business number, optionally of one status, newest change first, as written. */
  public List<PermissionRow> list(String phoneNumberId, PermissionStatus status, int offset, int limit) {
    return list(phoneNumberId, status, null, offset, limit);
  }

  /** A page as of {@code asOf}: the status filtered and shown, and the order, as of then. */
  public List<PermissionRow> list(String phoneNumberId, PermissionStatus status, Instant asOf, int offset, int limit) {
    ListQuery q = listQuery(phoneNumberId, status, asOf, offset, limit);
    return jdbc.sql(q.sql()).params(q.params()).query(this::row).list();
  }

  public long count(String phoneNumberId, PermissionStatus status) {
    return count(phoneNumberId, status, null);
  }

  public long count(String phoneNumberId, PermissionStatus status, Instant asOf) {
    ListQuery.Where written = written(phoneNumberId, status, asOf);
    String sql = "SELECT (SELECT count(*) FROM call_permissions" + written.sql() + ")";
    if (listsLapsed(status, asOf)) {
      sql += " + (SELECT count(*) FROM call_permissions" + lapsed(phoneNumberId, asOf).sql() + ")";
    }
    return jdbc.sql(sql).params(written.params()).query(Long.class).single();
  }

  /** The pairs {@link #list(String, PermissionStatus, Instant, int, int)} lists, counted up to {@link Keyset#TOTAL_CAP}. */
  public Keyset.Total total(String phoneNumberId, PermissionStatus status, Instant asOf) {
    long counted = Keyset.countUpTo(jdbc, "call_permissions", written(phoneNumberId, status, asOf));
    if (counted <= Keyset.TOTAL_CAP && listsLapsed(status, asOf)) {
      counted += Keyset.countUpTo(jdbc, "call_permissions", lapsed(phoneNumberId, asOf));
    }
    return Keyset.Total.of(counted);
  }

  /**
   * A page as of {@code asOf}: at {@code offset}, or after {@code cursor} (a {@code nextCursor} of
   * this list under the same number and status) when one is given; with the next page's cursor.
   */
  public Keyset.Slice<PermissionRow> page(String phoneNumberId, PermissionStatus status, Instant asOf, int offset,
      String cursor, int size) {
    java.util.Map<String, Object> filters = new java.util.TreeMap<>();
    filters.put("pnid", String.valueOf(phoneNumberId));
    filters.put("status", String.valueOf(status));
    ListQuery q;
    if (cursor == null) {
      q = listQuery(phoneNumberId, status, asOf, offset, size + 1);
    } else {
      List<String> key = Keyset.decode(cursor, LIST, filters, 3);
      if (key.get(0) == null || key.get(1) == null || key.get(2) == null) {
        throw new Keyset.InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
      }
      q = afterQuery(phoneNumberId, status, asOf, Keyset.timestamp(key.get(0)), key.get(1), key.get(2), size + 1);
    }
    List<PermissionRow> rows = jdbc.sql(q.sql()).params(q.params()).query(this::row).list();
    return Keyset.slice(rows, size, last -> Keyset.encode(LIST, filters,
        List.of(last.updatedAt().toString(), last.phoneNumberId(), last.waId())));
  }

  private static final String LIST = "permissions";

  /**
   * The {@code limit} rows after {@code (updatedAt, phoneNumberId, waId)} in the list's order
   * ({@code updated_at DESC} then the pair ascending: no row comparison spans both directions). Per
   * walk of {@link #listQuery}, two walks bounded by the key: the rest of the last row's instant
   * (pairs after its pair), then the earlier instants; each in the list's order and stopping at the
   * page, merged as they come.
   */
  public static ListQuery afterQuery(String phoneNumberId, PermissionStatus status, Instant asOf, Object updatedAt,
      String afterPhoneNumberId, String afterWaId, int limit) {
    ListQuery.Where written = written(phoneNumberId, status, asOf).param("limit", limit)
        .param("afterAt", updatedAt).param("afterPn", afterPhoneNumberId).param("afterWa", afterWaId);
    String tieBreak = phoneNumberId == null ? "phone_number_id, wa_id" : "wa_id";
    String after = phoneNumberId == null ? "(phone_number_id, wa_id) > (:afterPn, :afterWa)" : "wa_id > :afterWa";
    String writtenColumns = COLUMNS.formatted("status", "updated_at", "last_change_at");
    String sql = walk(writtenColumns, written, "updated_at = :afterAt AND " + after, "updated_at DESC, " + tieBreak)
        + " UNION ALL " + walk(writtenColumns, written, "updated_at < :afterAt", "updated_at DESC, " + tieBreak);
    if (listsLapsed(status, asOf)) {
      ListQuery.Where lapsed = lapsed(phoneNumberId, asOf);
      String lapsedColumns = COLUMNS.formatted("'EXPIRED'", LAPSED_AT, "GREATEST(last_change_at, expires_at)");
      sql += " UNION ALL " + walk(lapsedColumns, lapsed, LAPSED_AT + " = :afterAt AND " + after, LAPSED_AT + " DESC, " + tieBreak)
          + " UNION ALL " + walk(lapsedColumns, lapsed, LAPSED_AT + " < :afterAt", LAPSED_AT + " DESC, " + tieBreak);
    }
    return new ListQuery("SELECT * FROM (" + sql + ") page ORDER BY updated_at DESC, " + tieBreak + " LIMIT :limit",
        written.params());
  }

  private static String walk(String columns, ListQuery.Where where, String condition, String order) {
    String sql = where.sql();
    return "(SELECT " + columns + " FROM call_permissions" + (sql.isEmpty() ? " WHERE " : sql + " AND ")
        + condition + " ORDER BY " + order + " LIMIT :limit)";
  }

  /**
   * A page of {@link #list(String, PermissionStatus, Instant, int, int)}: the same rows and order as
   * filtering and sorting {@link #ROWS_AS_OF}, but as two index walks merged. The rows that read
   * as written come in {@code updated_at} order; the temporary grants lapsed by {@code asOf} (read
   * as EXPIRED, last updated at their expiry) in the order of that expression, which the V13
   * partial indexes hold. Each walk stops after {@code offset + limit} rows.
   */
  public static ListQuery listQuery(String phoneNumberId, PermissionStatus status, Instant asOf, int offset,
      int limit) {
    ListQuery.Where written = written(phoneNumberId, status, asOf)
        .param("offset", offset).param("limit", limit).param("window", (long) offset + limit);
    // of one business number, the order leaves out its (constant) column: a generic plan does not
    // see through the union that it is constant, and would sort the walks' rows again
    String tieBreak = phoneNumberId == null ? "phone_number_id, wa_id" : "wa_id";
    String sql = "(SELECT " + COLUMNS.formatted("status", "updated_at", "last_change_at")
        + " FROM call_permissions" + written.sql()
        + " ORDER BY updated_at DESC, " + tieBreak + " LIMIT :window)";
    if (listsLapsed(status, asOf)) {
      sql += " UNION ALL (SELECT " + COLUMNS.formatted("'EXPIRED'", LAPSED_AT, "GREATEST(last_change_at, expires_at)")
          + " FROM call_permissions" + lapsed(phoneNumberId, asOf).sql()
          + " ORDER BY " + LAPSED_AT + " DESC, " + tieBreak + " LIMIT :window)";
    }
    return new ListQuery("SELECT * FROM (" + sql + ") page"
        + " ORDER BY updated_at DESC, " + tieBreak + " OFFSET :offset LIMIT :limit", written.params());
  }

  /** The columns of a row, with the expressions for its status, update time and last change. */
  private static final String COLUMNS = "phone_number_id, wa_id, %s AS status, permanent, expires_at, "
      + "pending_request_id, pending_request_expires_at, request_log, next_request_allowed_at, "
      + "consecutive_unanswered, version, %s AS updated_at, %s AS last_change_at";
  /** A lapsed grant's update time as of then (ROWS_AS_OF's), the key of its V13 index. */
  private static final String LAPSED_AT = "GREATEST(updated_at, expires_at)";

  /** Rows that read as written at {@code asOf}: all but lapsed temporary grants. */
  private static ListQuery.Where written(String phoneNumberId, PermissionStatus status, Instant asOf) {
    return new ListQuery.Where()
        .and("phone_number_id = :pnid", "pnid", phoneNumberId)
        .and("status = :status", "status", status == null ? null : status.name())
        .and("(status <> 'TEMPORARY' OR expires_at IS NULL OR expires_at > :asOf)", "asOf", Timestamps.of(asOf));
  }

  /** Temporary grants whose expiry has passed at {@code asOf}: they read as EXPIRED. */
  private static ListQuery.Where lapsed(String phoneNumberId, Instant asOf) {
    return new ListQuery.Where()
        .and("status = 'TEMPORARY'")
        .and("expires_at <= :asOf", "asOf", Timestamps.of(asOf))
        .and("phone_number_id = :pnid", "pnid", phoneNumberId);
  }

  private static boolean listsLapsed(PermissionStatus status, Instant asOf) {
    return asOf != null && (status == null || status == PermissionStatus.EXPIRED);
  }

  /** One row of the read model. */
  public record PermissionRow(
      String phoneNumberId,
      String waId,
      PermissionStatus status,
      boolean permanent,
      Instant expiresAt,
      String pendingRequestId,
      Instant pendingRequestExpiresAt,
      List<Instant> requestLog,
      Instant nextRequestAllowedAt,
      int consecutiveUnanswered,
      long version,
      Instant updatedAt,
      Instant lastChangeAt) {

    /** The row as the view the workflow would answer (no audit trail or pending details are stored). */
    public PermissionView toView() {
      return new PermissionView(phoneNumberId, waId, status, permanent, null, expiresAt, null, requestLog,
          nextRequestAllowedAt, consecutiveUnanswered, null, null, lastChangeAt, List.of(), version, updatedAt);
    }
  }

  private PermissionRow row(ResultSet rs, int n) throws SQLException {
    return new PermissionRow(
        rs.getString("phone_number_id"),
        rs.getString("wa_id"),
        PermissionStatus.valueOf(rs.getString("status")),
        rs.getBoolean("permanent"),
        Timestamps.read(rs, "expires_at"),
        rs.getString("pending_request_id"),
        Timestamps.read(rs, "pending_request_expires_at"),
        read(rs.getString("request_log")),
        Timestamps.read(rs, "next_request_allowed_at"),
        rs.getInt("consecutive_unanswered"),
        rs.getLong("version"),
        Timestamps.read(rs, "updated_at"),
        Timestamps.read(rs, "last_change_at"));
  }

  private String write(List<Instant> log) {
    try {
      return json.writeValueAsString(log == null ? List.of() : log);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Instant> read(String text) {
    try {
      return json.readValue(text, INSTANTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt request_log: " + text, e);
    }
  }
}
