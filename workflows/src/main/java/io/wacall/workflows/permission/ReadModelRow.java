package io.wacall.workflows.permission;

import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import java.time.Instant;
import java.util.List;

/**
 * What the read model keeps of a pair (the columns of {@code call_permissions} that the API shows),
 * and what it shows of them at a later instant: the same rules as {@code PermissionReadModel}'s
 * reads, a temporary grant past its expiry reads as {@code EXPIRED} with its expiry as the last
 * change ({@link PermissionRules#grantLapsed}), and requests older than the 7-day window no longer
 * count (the API prunes the log by its own clock). The workflow compares two of these to decide
 * whether a write would change what the API shows. Pure: no clock, no I/O.
 */
record ReadModelRow(
    PermissionStatus status,
    boolean permanent,
    Instant expiresAt,
    String pendingRequestId,
    Instant pendingRequestExpiresAt,
    Instant lastChangeAt,
    List<Instant> requestLog,
    int consecutiveUnanswered) {

  static ReadModelRow of(PermissionView v) {
    PendingRequest pending = v.pendingRequest();
    return new ReadModelRow(v.status(), v.permanent(), v.expiresAt(), pending == null ? null : pending.messageId(),
        pending == null ? null : pending.expiresAt(), v.lastChangeAt(),
        v.requestLog() == null ? List.of() : List.copyOf(v.requestLog()),
        v.consecutiveUnanswered());
  }

  /** The row as the read model shows it at {@code now}. */
  ReadModelRow readAt(Instant now) {
    boolean lapsed = PermissionRules.grantLapsed(status, expiresAt, now);
    return new ReadModelRow(lapsed ? PermissionStatus.EXPIRED : status, permanent, expiresAt, pendingRequestId,
        pendingRequestExpiresAt, lapsed ? later(lastChangeAt, expiresAt) : lastChangeAt,
        List.copyOf(PermissionRules.prune(requestLog, now)), consecutiveUnanswered);
  }

  /**
   * The part of the row that a list of pairs filters and shows first, and that the next run and
   * the webhook adapter read: status, grant, pending request, last change. The request log and the
   * unanswered count are kept up to date by the run's live state (queries) while it runs.
   */
  Headline headline() {
    return new Headline(status, permanent, expiresAt, pendingRequestId, pendingRequestExpiresAt, lastChangeAt);
  }

  record Headline(PermissionStatus status, boolean permanent, Instant expiresAt, String pendingRequestId,
      Instant pendingRequestExpiresAt, Instant lastChangeAt) {}

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }
}
