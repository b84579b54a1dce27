package io.wacall.contract.permission.view;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.wacall.contract.permission.command.PermissionLimits;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of one CallPermission, as the {@code state} query returns it and as the read
 * model stores it. Everything time-relative is given as instants, so a reader with its own clock
 * can derive "allowed now?" with {@link #callableAt}.
 *
 * @param requestLog send times of the requests since the last connected call, within 7 days
 * @param nextRequestAllowedAt when the throttle next allows a request (may be in the past); null
 *     when no request counts
 * @param lastChangeAt the pair's last state change (a reply applied, at Meta's timestamp; a request
 *     sent; a grant or request that ended), carried from run to run: a reply older than it changes
 *     nothing. Null when nothing is known
 * @param version transition counter; the read model ignores a snapshot older than the one it has
 * @param limits the limits the workflow applies to the pair (null: {@link PermissionLimits#STANDARD}),
 *     by which {@code nextRequestAllowedAt} and the unanswered-call thresholds are judged
 */
public record PermissionView(
    String phoneNumberId,
    String waId,
    PermissionStatus status,
    boolean permanent,
    Instant grantedAt,
    Instant expiresAt,
    PendingRequest pendingRequest,
    List<Instant> requestLog,
    Instant nextRequestAllowedAt,
    int consecutiveUnanswered,
    Instant reminderShownAt,
    Instant lastResetAt,
    Instant lastChangeAt,
    List<AuditEntry> audit,
    long version,
    Instant asOf,
    PermissionLimits limits) {

  @JsonCreator
  public PermissionView {}

  /** A view under the standard limits. */
  public PermissionView(String phoneNumberId, String waId, PermissionStatus status, boolean permanent,
      Instant grantedAt, Instant expiresAt, PendingRequest pendingRequest, List<Instant> requestLog,
      Instant nextRequestAllowedAt, int consecutiveUnanswered, Instant reminderShownAt, Instant lastResetAt,
      Instant lastChangeAt, List<AuditEntry> audit, long version, Instant asOf) {
    this(phoneNumberId, waId, status, permanent, grantedAt, expiresAt, pendingRequest, requestLog, nextRequestAllowedAt,
        consecutiveUnanswered, reminderShownAt, lastResetAt, lastChangeAt, audit, version, asOf, null);
  }

  /** Whether the business may call at {@code now}. */
  public boolean callableAt(Instant now) {
    return status.grantsAt(expiresAt, now);
  }

  /** A pair never seen: status NONE, nothing else. */
  public static PermissionView none(String phoneNumberId, String waId, Instant asOf) {
    return new PermissionView(phoneNumberId, waId, PermissionStatus.NONE, false, null, null, null,
        List.of(), null, 0, null, null, null, List.of(), 0, asOf);
  }
}
