package io.wacall.workflows.permission;

import io.wacall.contract.permission.command.PermissionLimits;
import io.wacall.contract.permission.view.PermissionStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Meta's call-permission rules as pure functions. No clock is read here: every function takes
 * {@code now}, so the workflow passes workflow time and the API passes wall time.
 */
public final class PermissionRules {
  /** A temporary grant lasts 7 days (168 h) from approval when Meta gives no expiry. */
  public static final Duration TEMPORARY_GRANT = Duration.ofHours(168);
  /** An unanswered request lapses 7 days after it was sent. */
  public static final Duration REQUEST_LIFETIME = Duration.ofDays(7);
  /** A declined request stays answerable for 7 days after the customer's answer (the decline). */
  public static final Duration DECLINED_REQUEST_LIFETIME = Duration.ofDays(7);
  /** At most 1 request in any 24 h ... */
  public static final Duration SHORT_WINDOW = Duration.ofHours(24);
  public static final int SHORT_WINDOW_MAX = 1;
  /** ... and at most 2 in any 7 days, both counted since the last connected call. */
  public static final Duration LONG_WINDOW = Duration.ofDays(7);
  public static final int LONG_WINDOW_MAX = 2;
  /** After 2 unanswered business calls in a row WhatsApp shows the user a reminder. */
  public static final int REMINDER_AFTER_UNANSWERED = 2;
  /** After 4 unanswered business calls in a row WhatsApp revokes the permission. */
  public static final int REVOKE_AFTER_UNANSWERED = 4;
  /**
   * Meta's relaxed limits of public test numbers and sandbox accounts
   * ({@link PermissionLimits#TEST_NUMBER}): 25 requests in any 24 h and 100 in any 7 days (the same
   * windows), the reminder after 5 unanswered calls and the revoke after 10.
   */
  public static final int TEST_SHORT_WINDOW_MAX = 25;
  public static final int TEST_LONG_WINDOW_MAX = 100;
  public static final int TEST_REMINDER_AFTER_UNANSWERED = 5;
  public static final int TEST_REVOKE_AFTER_UNANSWERED = 10;

  private PermissionRules() {}

  /**
   * Whether a reply made at {@code replyAt} (Meta's {@code timestamp}) is older than the pair's
   * last state change at {@code lastChangeAt}, and so must change nothing. Meta's timestamps are
   * whole seconds and wacall's own instants are not: the change is compared at whole seconds, so a
   * reply made in the same second as the change is not older than it. A pair with no known change
   * ({@code null}) has nothing a reply could be older than.
   */
  public static boolean replyIsStale(Instant replyAt, Instant lastChangeAt) {
    return lastChangeAt != null && replyAt.isBefore(lastChangeAt.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Whether a grant is in force at {@code now}: permanent, or temporary and not yet expired. */
  public static boolean grantActive(PermissionStatus status, Instant expiresAt, Instant now) {
    return status.grantsAt(expiresAt, now);
  }

  /**
   * Whether a temporary grant has run out at {@code now}: the instant from which the workflow
   * records it {@code EXPIRED}. The read model applies the same rule when it is read, so a grant
   * that lapses needs no write of its own ({@code PermissionReadModel}).
   */
  public static boolean grantLapsed(PermissionStatus status, Instant expiresAt, Instant now) {
    return status == PermissionStatus.TEMPORARY && expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Requests of the log inside the rolling window that ends at {@code now}: sent after now - window. */
  public static int requestsWithin(Collection<Instant> requestLog, Duration window, Instant now) {
    Instant from = now.minus(window);
    int n = 0;
    for (Instant sent : requestLog) {
      if (sent.isAfter(from) && !sent.isAfter(now)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The earliest instant at which both windows allow one more request, given the requests sent
   * since the last reset. A pure function of the log: it does not depend on when it is asked, so
   * it can be shown as is. Null when the log is empty.
   */
  public static Instant nextRequestAllowedAt(Collection<Instant> requestLog) {
    return nextRequestAllowedAt(requestLog, PermissionLimits.STANDARD);
  }

  /** {@link #nextRequestAllowedAt(Collection)} under {@code limits} (null: standard). */
  public static Instant nextRequestAllowedAt(Collection<Instant> requestLog, PermissionLimits limits) {
    List<Instant> sorted = new ArrayList<>(requestLog);
    sorted.sort(null);
    Instant next = null;
    next = later(next, windowOpensAt(sorted, SHORT_WINDOW, shortWindowMax(limits)));
    next = later(next, windowOpensAt(sorted, LONG_WINDOW, longWindowMax(limits)));
    return next;
  }

  /** Whether a request may be sent at {@code now} as far as the throttle is concerned. */
  public static boolean throttleAllows(Collection<Instant> requestLog, Instant now) {
    return throttleAllows(requestLog, now, PermissionLimits.STANDARD);
  }

  /** {@link #throttleAllows(Collection, Instant)} under {@code limits} (null: standard). */
  public static boolean throttleAllows(Collection<Instant> requestLog, Instant now, PermissionLimits limits) {
    return requestsWithin(requestLog, SHORT_WINDOW, now) < shortWindowMax(limits)
        && requestsWithin(requestLog, LONG_WINDOW, now) < longWindowMax(limits);
  }

  /** Requests allowed in any 24 h. */
  public static int shortWindowMax(PermissionLimits limits) {
    return limits == PermissionLimits.TEST_NUMBER ? TEST_SHORT_WINDOW_MAX : SHORT_WINDOW_MAX;
  }

  /** Requests allowed in any 7 days. */
  public static int longWindowMax(PermissionLimits limits) {
    return limits == PermissionLimits.TEST_NUMBER ? TEST_LONG_WINDOW_MAX : LONG_WINDOW_MAX;
  }

  /** Unanswered business calls in a row after which WhatsApp shows the customer a reminder. */
  public static int reminderAfterUnanswered(PermissionLimits limits) {
    return limits == PermissionLimits.TEST_NUMBER ? TEST_REMINDER_AFTER_UNANSWERED : REMINDER_AFTER_UNANSWERED;
  }

  /** Unanswered business calls in a row after which WhatsApp revokes the permission. */
  public static int revokeAfterUnanswered(PermissionLimits limits) {
    return limits == PermissionLimits.TEST_NUMBER ? TEST_REVOKE_AFTER_UNANSWERED : REVOKE_AFTER_UNANSWERED;
  }

  /** The log without the requests that can no longer count in any window at {@code now}. */
  public static List<Instant> prune(Collection<Instant> requestLog, Instant now) {
    Instant from = now.minus(LONG_WINDOW);
    List<Instant> kept = new ArrayList<>();
    for (Instant sent : requestLog) {
      if (sent.isAfter(from)) {
        kept.add(sent);
      }
    }
    kept.sort(null);
    return kept;
  }

  /**
   * With {@code max} requests allowed in {@code window}, the newest {@code max} requests decide:
   * one more is allowed once the oldest of them has left the window.
   */
  private static Instant windowOpensAt(List<Instant> sorted, Duration window, int max) {
    if (sorted.size() < max) {
      return null;
    }
    return sorted.get(sorted.size() - max).plus(window);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }
}
