package io.wacall.api.permission;

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
 * @param requestsInLast24Hours requests that count against the 1-per-24 h limit now
 * @param requestsInWindow requests that count against the 2-per-7-days limit now
 * @param nextRequestAllowedAt when the next request becomes possible; null when one is possible now
 *     (and no grant is active)
 * @param lastChangeAt the pair's last state change: a signed reply older than this changes nothing
 * @param source {@code workflow} (live state), {@code read-model} (the run has ended), or
 *     {@code none} (a pair never seen)
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
    Instant asOf) {

  static PermissionResponse of(PermissionView v, String source, Instant now) {
    List<Instant> log = PermissionRules.prune(v.requestLog(), now);
    boolean callable = PermissionRules.grantActive(v.status(), v.expiresAt(), now);
    PermissionStatus status = v.status() == PermissionStatus.TEMPORARY && !callable ? PermissionStatus.EXPIRED : v.status();
    Instant next = PermissionRules.nextRequestAllowedAt(log);
    boolean throttled = !PermissionRules.throttleAllows(log, now);
    return new PermissionResponse(v.phoneNumberId(), v.waId(), status, callable, v.permanent(), v.grantedAt(),
        v.expiresAt(), v.pendingRequest(), PermissionRules.requestsWithin(log, PermissionRules.SHORT_WINDOW, now),
        PermissionRules.requestsWithin(log, PermissionRules.LONG_WINDOW, now), !callable && !throttled,
        throttled ? next : null, v.consecutiveUnanswered(), v.reminderShownAt(), v.lastResetAt(), v.lastChangeAt(), v.audit(), source, now);
  }

  public static PermissionResponse of(PermissionRow row, Instant now) {
    return of(row.toView(), "read-model", now);
  }
}
