package io.wacall.backend.store.media;

import io.wacall.backend.store.Timestamps;
import io.wacall.workflows.media.MediaKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code call_media} rows: which calls have a recording or transcript, and where it is. */
@Repository
public class CallMediaRepository {
  private final JdbcClient jdbc;

  public CallMediaRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Writes the row unless the call already has media of this kind; true when this call wrote it. */
  public boolean insert(CallMediaRow row) {
    return jdbc.sql("""
        INSERT INTO call_media (wacid, kind, phone_number_id, call_id, media_id, object_key, content_type,
                                size_bytes, sha256, available_at, stored_at)
        VALUES (:wacid, :kind, :pnid, :callId, :mediaId, :key, :type, :size, :sha, :availableAt, :storedAt)
        ON CONFLICT (wacid, kind) DO NOTHING
        """)
        .param("wacid", row.wacid())
        .param("kind", row.kind().name())
        .param("pnid", row.phoneNumberId())
        .param("callId", row.callId())
        .param("mediaId", row.mediaId())
        .param("key", row.objectKey())
        .param("type", row.contentType())
        .param("size", row.sizeBytes())
        .param("sha", row.sha256())
        .param("availableAt", row.availableAt() == null ? null : Timestamps.of(row.availableAt()))
        .param("storedAt", Timestamps.of(row.storedAt()))
        .update() > 0;
  }

  /** The call's media of this kind, by the call's wacid. */
  public Optional<CallMediaRow> find(String wacid, MediaKind kind) {
    return jdbc.sql("SELECT * FROM call_media WHERE wacid = :wacid AND kind = :kind")
        .param("wacid", wacid).param("kind", kind.name())
        .query(CallMediaRepository::row).optional();
  }

  /** The kinds of media a call has, by its wacid. */
  public List<MediaKind> kinds(String wacid) {
    return jdbc.sql("SELECT kind FROM call_media WHERE wacid = :wacid ORDER BY kind")
        .param("wacid", wacid).query((rs, n) -> MediaKind.valueOf(rs.getString(1))).list();
  }

  /** Up to {@code limit} rows stored before {@code before}, oldest first: what the purge deletes. */
  public List<CallMediaRow> storedBefore(Instant before, int limit) {
    return jdbc.sql("SELECT * FROM call_media WHERE stored_at < :before ORDER BY stored_at LIMIT :limit")
        .param("before", Timestamps.of(before)).param("limit", limit)
        .query(CallMediaRepository::row).list();
  }

  public void delete(String wacid, MediaKind kind) {
    jdbc.sql("DELETE FROM call_media WHERE wacid = :wacid AND kind = :kind")
        .param("wacid", wacid).param("kind", kind.name()).update();
  }

  private static CallMediaRow row(ResultSet rs, int n) throws SQLException {
    Timestamp availableAt = rs.getTimestamp("available_at");
    return new CallMediaRow(
        rs.getString("wacid"),
        MediaKind.valueOf(rs.getString("kind")),
        rs.getString("phone_number_id"),
        rs.getString("call_id"),
        rs.getString("media_id"),
        rs.getString("object_key"),
        rs.getString("content_type"),
        rs.getLong("size_bytes"),
        rs.getString("sha256"),
        availableAt == null ? null : availableAt.toInstant(),
        rs.getTimestamp("stored_at").toInstant());
  }
}
