package io.wacall.api.permission;

import io.wacall.contract.permission.command.PermissionLimits;

import io.wacall.backend.store.PermissionReadModel.PermissionRow;
import io.wacall.contract.permission.view.AuditEntry;
import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.workflows.permission.PermissionRules;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import java.time.Instant;
import java.util.List;

/**
 * A pair's permission as the API shows it, derived at {@code asOf} (the API's clock).
 *
 * @param callable whether the business may call the customer now
 * @param requestsInLast24Hours requests that count against the 24 h limit now (1, or 25 for a test number)
 * @param requestsInWindow requests that count against the 7-day limit now (2, or 100 for a test number)
 * @param nextRequestAllowedAt when the next request becomes possible; null when one is possible now
 *     (and no grant is active)
 * @param lastChangeAt the pair's last state change: a signed reply older than this changes nothing
 * @param source {@code workflow} (live state), {@code read-model} (the run has ended), or
 *     {@code none} (a pair never seen)
 * @param limits the limits the pair's workflow applies: {@code STANDARD} or {@code TEST_NUMBER}
 *     (docs/meta-cloud-api.md#test-accounts); the throttle above is judged by them
 */
public record PermissionResponse(
    String phoneNumberId,
    String waId,
    PermissionStatus status,
    boolean callable,
    boolean permanent,
    Instant grantedAt,
    Instant expiresAt,
    PendingRequest pendingRequest,
    int requestsInLast24Hours,
    int requestsInWindow,
    boolean canRequestNow,
    Instant nextRequestAllowedAt,
    int consecutiveUnanswered,
    Instant reminderShownAt,
    Instant lastResetAt,
    Instant lastChangeAt,
    List<AuditEntry> audit,
    String source,
    Instant asOf,
    PermissionLimits limits) {

  static PermissionResponse of(PermissionView v, String source, Instant now) {
    List<Instant> log = PermissionRules.prune(v.requestLog(), now);
    boolean callable = PermissionRules.grantActive(v.status(), v.expiresAt(), now);
    PermissionStatus status = v.status() == PermissionStatus.TEMPORARY && !callable ? PermissionStatus.EXPIRED : v.status();
    PermissionLimits limits = v.limits() != null ? v.limits() : PermissionLimits.STANDARD;
    Instant next = PermissionRules.nextRequestAllowedAt(log, limits);
    boolean throttled = !PermissionRules.throttleAllows(log, now, limits);
    return new PermissionResponse(v.phoneNumberId(), v.waId(), status, callable, v.permanent(), v.grantedAt(),
        v.expiresAt(), v.pendingRequest(), PermissionRules.requestsWithin(log, PermissionRules.SHORT_WINDOW, now),
        PermissionRules.requestsWithin(log, PermissionRules.LONG_WINDOW, now), !callable && !throttled,
        throttled ? next : null, v.consecutiveUnanswered(), v.reminderShownAt(), v.lastResetAt(), v.lastChangeAt(), v.audit(), source, now,
        limits);
  }

  public static PermissionResponse of(PermissionRow row, Instant now) {
    return of(row.toView(), "read-model", now);
  }
}
