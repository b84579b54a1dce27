package io.wacall.backend.store.directory;

import io.wacall.backend.store.Timestamps;
import io.wacall.contract.permission.command.PermissionLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Business numbers and their calling settings. */
@Repository
public class PhoneNumberRepository {
  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final CallingProperties calling;
  private final Clock clock;

  public PhoneNumberRepository(JdbcClient jdbc, ObjectMapper json, CallingProperties calling, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.calling = calling;
    this.clock = clock;
  }

  /**
   * Creates or replaces a number's settings (null fields take the configured defaults).
   *
   * @throws InvalidDirectoryRequestException naming every field that is wrong; nothing is written
   */
  public PhoneNumber save(String phoneNumberId, PhoneNumberUpdate update) {
    DirectoryRules.id("phoneNumberId", phoneNumberId);
    PhoneNumberSettings s = DirectoryRules.phoneNumber(update, calling);
    return jdbc.sql("""
        INSERT INTO phone_numbers (phone_number_id, display_number, country, ring_timeout_seconds, wrap_up_seconds,
            callback_requests_enabled, disposition_tags, limits, updated_at)
        VALUES (:id, :display, :country, :ring, :wrapUp, :callback, CAST(:tags AS jsonb), :limits, :now)
        ON CONFLICT (phone_number_id) DO UPDATE SET
            display_number = EXCLUDED.display_number, country = EXCLUDED.country,
            ring_timeout_seconds = EXCLUDED.ring_timeout_seconds, wrap_up_seconds = EXCLUDED.wrap_up_seconds,
            callback_requests_enabled = EXCLUDED.callback_requests_enabled,
            disposition_tags = EXCLUDED.disposition_tags, limits = EXCLUDED.limits, updated_at = EXCLUDED.updated_at
        RETURNING *
        """)
        .param("id", phoneNumberId)
        .param("display", s.displayNumber())
        .param("country", s.country())
        .param("ring", (int) s.ringTimeout().toSeconds())
        .param("wrapUp", (int) s.wrapUp().toSeconds())
        .param("callback", s.callbackRequestsEnabled())
        .param("tags", Rows.json(json, s.dispositionTags()))
        .param("limits", s.limits().name())
        .param("now", Timestamps.of(clock.instant()))
        .query(this::row)
        .single();
  }

  public Optional<PhoneNumber> find(String phoneNumberId) {
    return jdbc.sql("SELECT * FROM phone_numbers WHERE phone_number_id = :id")
        .param("id", phoneNumberId)
        .query(this::row)
        .optional();
  }

  /** A page of the numbers, ordered by id. */
  public List<PhoneNumber> list(long offset, int limit) {
    return jdbc.sql("SELECT * FROM phone_numbers ORDER BY phone_number_id OFFSET :offset LIMIT :limit")
        .param("offset", offset)
        .param("limit", limit)
        .query(this::row)
        .list();
  }

  /** The number's call-permission limits; standard for a number not in the directory. */
  public PermissionLimits limitsOf(String phoneNumberId) {
    return jdbc.sql("SELECT limits FROM phone_numbers WHERE phone_number_id = :id")
        .param("id", phoneNumberId)
        .query(String.class)
        .optional()
        .map(PermissionLimits::valueOf)
        .orElse(PermissionLimits.STANDARD);
  }

  public long count() {
    return jdbc.sql("SELECT count(*) FROM phone_numbers").query(Long.class).single();
  }

  private PhoneNumber row(ResultSet rs, int n) throws SQLException {
    String country = rs.getString("country");
    return new PhoneNumber(
        rs.getString("phone_number_id"),
        rs.getString("display_number"),
        country,
        calling.businessInitiatedCallingAllowed(country),
        Duration.ofSeconds(rs.getInt("ring_timeout_seconds")),
        Duration.ofSeconds(rs.getInt("wrap_up_seconds")),
        rs.getBoolean("callback_requests_enabled"),
        Rows.strings(json, rs.getString("disposition_tags")),
        Timestamps.read(rs, "updated_at"),
        PermissionLimits.valueOf(rs.getString("limits")));
  }
}
