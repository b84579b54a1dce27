package io.wacall.backend.store.directory;

import io.wacall.backend.store.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Meta's quality restrictions of a business number's calling ({@code calling_restrictions}),
 * written from the {@code account_update} webhook (docs/meta-cloud-api.md#quality-restrictions). A
 * restriction is in force until its expiry and lifts itself then: every read asks "in force at
 * this instant", so nothing has to run at the expiry.
 */
@Repository
public class CallingRestrictions {
  private final JdbcClient jdbc;

  public CallingRestrictions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What Meta restricts. */
  public enum Kind {
    /** {@code RESTRICTED_BUSINESS_INITIATED_CALLING}: no outbound calls, no permission requests. */
    BUSINESS_INITIATED,
    /** {@code RESTRICTED_USER_INITIATED_CALLING}: customers cannot call the number. */
    USER_INITIATED,
    /** {@code RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN}: the call button is hidden. */
    CALL_BUTTON_HIDDEN;

    /** The kind of Meta's restriction type, or empty for a type that is not about calling. */
    public static Optional<Kind> ofMetaType(String metaType) {
      if (metaType == null) {
        return Optional.empty();
      }
      return switch (metaType.toUpperCase(Locale.ROOT)) {
        case "RESTRICTED_BUSINESS_INITIATED_CALLING" -> Optional.of(BUSINESS_INITIATED);
        case "RESTRICTED_USER_INITIATED_CALLING" -> Optional.of(USER_INITIATED);
        case "RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN" -> Optional.of(CALL_BUTTON_HIDDEN);
        default -> Optional.empty();
      };
    }

    /**
     * The kinds of a restriction type, as {@link #ofMetaType}, and also Meta's combined
     * {@code RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING} of GET settings (both pauses).
     */
    public static List<Kind> allOfMetaType(String metaType) {
      if (metaType != null && "RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING".equals(metaType.toUpperCase(Locale.ROOT))) {
        return List.of(BUSINESS_INITIATED, USER_INITIATED);
      }
      return ofMetaType(metaType).map(List::of).orElse(List.of());
    }
  }

  /** A restriction of a number: its kind, Meta's name for it, and when it lifts. */
  public record Restriction(String phoneNumberId, Kind kind, String metaType, Instant expiresAt, Instant receivedAt) {}

  /**
   * Records a restriction Meta announced. Never shortens one already known for the kind: a
   * redelivered older webhook cannot lift a newer restriction. Returns whether the row changed.
   */
  public boolean record(Restriction restriction) {
    return jdbc.sql("""
        INSERT INTO calling_restrictions (phone_number_id, kind, meta_type, expires_at, received_at)
        VALUES (:pnid, :kind, :metaType, :expiresAt, :receivedAt)
        ON CONFLICT (phone_number_id, kind) DO UPDATE
            SET meta_type = EXCLUDED.meta_type, expires_at = EXCLUDED.expires_at, received_at = EXCLUDED.received_at
            WHERE calling_restrictions.expires_at < EXCLUDED.expires_at
        """)
        .param("pnid", restriction.phoneNumberId())
        .param("kind", restriction.kind().name())
        .param("metaType", restriction.metaType())
        .param("expiresAt", Timestamps.of(restriction.expiresAt()))
        .param("receivedAt", Timestamps.of(restriction.receivedAt()))
        .update() > 0;
  }

  /** The number's restrictions in force at {@code at}, by kind. */
  public List<Restriction> inForce(String phoneNumberId, Instant at) {
    return jdbc.sql("""
        SELECT phone_number_id, kind, meta_type, expires_at, received_at FROM calling_restrictions
        WHERE phone_number_id = :pnid AND expires_at > :at ORDER BY kind""")
        .param("pnid", phoneNumberId)
        .param("at", Timestamps.of(at))
        .query((rs, n) -> new Restriction(rs.getString("phone_number_id"), Kind.valueOf(rs.getString("kind")),
            rs.getString("meta_type"), Timestamps.read(rs, "expires_at"), Timestamps.read(rs, "received_at")))
        .list();
  }

  /** When business-initiated calling of the number is paused until, if it is at {@code at}. */
  public Optional<Instant> businessInitiatedPausedUntil(String phoneNumberId, Instant at) {
    return inForce(phoneNumberId, at).stream()
        .filter(r -> r.kind() == Kind.BUSINESS_INITIATED)
        .map(Restriction::expiresAt)
        .findFirst();
  }

  /** The business number whose display number has these digits (Meta's {@code phone_number}). */
  public Optional<String> phoneNumberIdOfDisplayDigits(String digits) {
    return jdbc.sql("SELECT phone_number_id FROM phone_numbers WHERE display_number = :e164")
        .param("e164", "+" + digits)
        .query(String.class)
        .optional();
  }
}
