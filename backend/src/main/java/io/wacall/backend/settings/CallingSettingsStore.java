package io.wacall.backend.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.backend.store.Timestamps;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A number's calling settings at Meta ({@code calling_settings}): what an operator wants there
 * (desired, with a revision each change raises), what Meta last showed (confirmed), and Meta's
 * last refusal. The callback setting is not stored here: {@code phone_numbers.callback_requests_enabled}
 * is that one fact, which a push reads ({@link #push}) and Meta's report updates ({@link #applyMetaReport}).
 */
@Repository
public class CallingSettingsStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  public CallingSettingsStore(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
    this.clock = clock;
  }

  /** Where a number's settings stand with Meta. */
  public enum SyncState {
    /** Nothing was ever pushed. */
    NONE,
    /** A change waits to be pushed or read back. */
    PENDING,
    /** Meta took the latest change, and {@code confirmed} is what it showed after. */
    SYNCED,
    /** Meta refused the latest change pushed; {@code lastError} says why. */
    REFUSED
  }

  /** Meta's refusal of a push: its Graph error code and message, the revision refused, when. */
  public record MetaError(Integer code, String message, long revision, Instant at) {}

  /** A number's row, with its callback marker. */
  public record Row(String phoneNumberId, ObjectNode desired, long desiredRevision, Instant desiredAt,
      long syncedRevision, ObjectNode confirmed, Instant confirmedAt, MetaError lastError,
      boolean callbackRequestsEnabled) {

    public SyncState state() {
      if (desiredRevision == 0) {
        return SyncState.NONE;
      }
      if (syncedRevision < desiredRevision) {
        return SyncState.PENDING;
      }
      return lastError != null && lastError.revision() == syncedRevision ? SyncState.REFUSED : SyncState.SYNCED;
    }
  }

  /** What a push sends: Meta's {@code calling} object of the revision. */
  public record Push(long revision, ObjectNode calling) {}

  /**
   * Replaces what is wanted at Meta with {@code settings} (validated) and returns the new revision.
   * A {@code callbackPermissionStatus} in them sets the number's callback marker in the same
   * transaction; without one, the marker stays as it is and is pushed as it is.
   *
   * @throws UnknownPhoneNumberException when the number is not in the directory
   */
  public long saveDesired(String phoneNumberId, CallingSettings settings) {
    ObjectNode desired = MetaCallingJson.toMeta(settings.withCallbackPermissionStatus(null));
    return transactions.execute(tx -> {
      if (settings.callbackPermissionStatus() != null) {
        setCallback(phoneNumberId, "ENABLED".equals(settings.callbackPermissionStatus()));
      } else {
        requireNumber(phoneNumberId);
      }
      return raiseRevision(phoneNumberId, desired);
    });
  }

  /**
   * The number's callback marker changed (the directory's {@code callbackRequestsEnabled}): the
   * settings at Meta must follow. Returns the new revision to push.
   */
  public long callbackChanged(String phoneNumberId) {
    return transactions.execute(tx -> {
      requireNumber(phoneNumberId);
      return raiseRevision(phoneNumberId, null);
    });
  }

  public Optional<Row> find(String phoneNumberId) {
    return jdbc.sql("""
        SELECT s.*, p.callback_requests_enabled FROM calling_settings s
        JOIN phone_numbers p USING (phone_number_id) WHERE s.phone_number_id = :id""")
        .param("id", phoneNumberId)
        .query(this::row)
        .optional();
  }

  /** What to send to Meta now: the latest desired object with the number's callback marker. Empty: no row. */
  public Optional<Push> push(String phoneNumberId) {
    return find(phoneNumberId).map(row -> {
      ObjectNode calling = row.desired() == null ? JSON.createObjectNode() : row.desired().deepCopy();
      calling.put("callback_permission_status", CallingSettings.callbackStatus(row.callbackRequestsEnabled()));
      return new Push(row.desiredRevision(), calling);
    });
  }

  /** Meta took {@code revision} and showed {@code confirmed} (its {@code calling} object) after. */
  public void recordSynced(String phoneNumberId, long revision, JsonNode confirmed) {
    jdbc.sql("""
        UPDATE calling_settings SET synced_revision = GREATEST(synced_revision, :rev),
            confirmed = CAST(:confirmed AS jsonb), confirmed_at = :at
        WHERE phone_number_id = :id""")
        .param("id", phoneNumberId)
        .param("rev", revision)
        .param("confirmed", confirmed == null ? null : confirmed.toString())
        .param("at", Timestamps.of(clock.instant()))
        .update();
  }

  /** Meta refused {@code revision}: nothing of it was applied; it stays refused until the next change. */
  public void recordRefused(String phoneNumberId, long revision, Integer code, String message) {
    jdbc.sql("""
        UPDATE calling_settings SET synced_revision = GREATEST(synced_revision, :rev),
            last_error_code = :code, last_error_message = :message, last_error_revision = :rev, last_error_at = :at
        WHERE phone_number_id = :id""")
        .param("id", phoneNumberId)
        .param("rev", revision)
        .param("code", code)
        .param("message", message)
        .param("at", Timestamps.of(clock.instant()))
        .update();
  }

  /**
   * Meta reported the number's settings ({@code account_settings_update}, its {@code calling}
   * object, at Meta's {@code reportedAt}): Meta's values become the confirmed ones (the fields it
   * reports replace those known), and its callback setting becomes the number's callback marker,
   * unless an operator changed what is wanted after the report was made. A report older than
   * what wacall last read from Meta changes nothing.
   *
   * @return false when the number is not in the directory or the report is older than what is known
   */
  public boolean applyMetaReport(String phoneNumberId, ObjectNode calling, Instant reportedAt) {
    return Boolean.TRUE.equals(transactions.execute(tx -> {
      int inserted = jdbc.sql("""
          INSERT INTO calling_settings (phone_number_id)
          SELECT phone_number_id FROM phone_numbers WHERE phone_number_id = :id
          ON CONFLICT (phone_number_id) DO NOTHING""").param("id", phoneNumberId).update();
      Optional<Row> locked = jdbc.sql("""
          SELECT s.*, p.callback_requests_enabled FROM calling_settings s
          JOIN phone_numbers p USING (phone_number_id) WHERE s.phone_number_id = :id FOR UPDATE OF s""")
          .param("id", phoneNumberId).query(this::row).optional();
      if (locked.isEmpty() || inserted == 0 && olderThan(reportedAt, locked.get().confirmedAt())) {
        return false;
      }
      jdbc.sql("""
          UPDATE calling_settings SET confirmed = COALESCE(confirmed, '{}'::jsonb) || CAST(:calling AS jsonb),
              confirmed_at = :at WHERE phone_number_id = :id""")
          .param("id", phoneNumberId)
          .param("calling", calling.toString())
          .param("at", Timestamps.of(reportedAt))
          .update();
      String callback = calling.path("callback_permission_status").asText("");
      if (CallingSettingsRules.STATUSES.contains(callback) && !olderThan(reportedAt, locked.get().desiredAt())) {
        setCallback(phoneNumberId, "ENABLED".equals(callback));
      }
      return true;
    }));
  }

  /** Meta's whole-second time is older than our instant (compared at whole seconds). */
  private static boolean olderThan(Instant reportedAt, Instant known) {
    return known != null && reportedAt.isBefore(known.truncatedTo(ChronoUnit.SECONDS));
  }

  private long raiseRevision(String phoneNumberId, ObjectNode desired) {
    return jdbc.sql("""
        INSERT INTO calling_settings AS s (phone_number_id, desired, desired_revision, desired_at)
        VALUES (:id, CAST(:desired AS jsonb), 1, :now)
        ON CONFLICT (phone_number_id) DO UPDATE SET
            desired = COALESCE(EXCLUDED.desired, s.desired),
            desired_revision = s.desired_revision + 1, desired_at = EXCLUDED.desired_at
        RETURNING desired_revision""")
        .param("id", phoneNumberId)
        .param("desired", desired == null ? null : desired.toString())
        .param("now", Timestamps.of(clock.instant()))
        .query(Long.class)
        .single();
  }

  private void setCallback(String phoneNumberId, boolean enabled) {
    int updated = jdbc.sql("""
        UPDATE phone_numbers SET callback_requests_enabled = :enabled,
            updated_at = CASE WHEN callback_requests_enabled = :enabled THEN updated_at ELSE :now END
        WHERE phone_number_id = :id""")
        .param("id", phoneNumberId)
        .param("enabled", enabled)
        .param("now", Timestamps.of(clock.instant()))
        .update();
    if (updated == 0) {
      throw new UnknownPhoneNumberException(phoneNumberId);
    }
  }

  private void requireNumber(String phoneNumberId) {
    if (jdbc.sql("SELECT count(*) FROM phone_numbers WHERE phone_number_id = :id").param("id", phoneNumberId)
        .query(Long.class).single() == 0) {
      throw new UnknownPhoneNumberException(phoneNumberId);
    }
  }

  private Row row(ResultSet rs, int n) throws SQLException {
    Long errorRevision = rs.getObject("last_error_revision", Long.class);
    MetaError error = errorRevision == null ? null : new MetaError(rs.getObject("last_error_code", Integer.class),
        rs.getString("last_error_message"), errorRevision, Timestamps.read(rs, "last_error_at"));
    return new Row(rs.getString("phone_number_id"), object(rs.getString("desired")), rs.getLong("desired_revision"),
        Timestamps.read(rs, "desired_at"), rs.getLong("synced_revision"), object(rs.getString("confirmed")),
        Timestamps.read(rs, "confirmed_at"), error, rs.getBoolean("callback_requests_enabled"));
  }

  private static ObjectNode object(String text) {
    if (text == null) {
      return null;
    }
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("corrupt JSON object in calling_settings: " + text, e);
    }
  }
}
