package io.wacall.sandbox.customer;

import io.wacall.sandbox.customer.MetaLimits.Window;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What Meta remembers about one business number and one customer: the grant, the permission
 * requests since the last connected call, the connected calls of the last day and the run of
 * unanswered calls. Pure rules, no framework; not thread safe: the owning {@link Customer}'s lock
 * guards it.
 */
public final class Relationship {
  /** The permission as {@code GET call_permissions} names it (docs/meta-cloud-api.md#permission-lookup). */
  public enum Grant {
    NO_PERMISSION,
    TEMPORARY,
    PERMANENT;

    public String wireName() {
      return name().toLowerCase();
    }
  }

  private Grant grant = Grant.NO_PERMISSION;
  private Instant temporaryUntil;
  private final Deque<Instant> requests = new ArrayDeque<>();
  private final Deque<Instant> connectedCalls = new ArrayDeque<>();
  private int unansweredInARow;

  /** The grant in force at {@code now}; a temporary one lapses silently (docs/meta-cloud-api.md#grants). */
  public Grant grant(Instant now) {
    if (grant == Grant.TEMPORARY && !now.isBefore(temporaryUntil)) {
      grant = Grant.NO_PERMISSION;
      temporaryUntil = null;
    }
    return grant;
  }

  /** When the temporary grant in force lapses, if there is one. */
  public Optional<Instant> temporaryUntil(Instant now) {
    return grant(now) == Grant.TEMPORARY ? Optional.of(temporaryUntil) : Optional.empty();
  }

  public boolean mayCall(Instant now) {
    return grant(now) != Grant.NO_PERMISSION;
  }

  /**
   * How much of a window's allowance is used at {@code now}.
   *
   * @param exhaustedUntil when the next action fits again, if the allowance is used up now
   */
  public record Usage(Window window, int used, Optional<Instant> exhaustedUntil) {}

  /** Empty when a permission request may be sent now, else when the next one may be. */
  public Optional<Instant> nextRequestAllowedAt(Instant now) {
    return latest(
        requestUsage(MetaLimits.REQUESTS_PER_DAY, now).exhaustedUntil(),
        requestUsage(MetaLimits.REQUESTS_PER_WEEK, now).exhaustedUntil());
  }

  public void recordRequest(Instant now) {
    requests.addLast(now);
    prune(requests, MetaLimits.REQUESTS_PER_WEEK, now);
  }

  public Usage requestUsage(Window window, Instant now) {
    return usage(requests, window, now);
  }

  /** Empty when another connected call fits in the daily cap, else when the next one does. */
  public Optional<Instant> nextCallAllowedAt(Instant now) {
    return connectedCallUsage(now).exhaustedUntil();
  }

  public Usage connectedCallUsage(Instant now) {
    return usage(connectedCalls, MetaLimits.CONNECTED_CALLS_PER_DAY, now);
  }

  /** Accept of a temporary permission at {@code now}; returns when it lapses (docs/meta-cloud-api.md#grants). */
  public Instant grantTemporary(Instant now) {
    grant = Grant.TEMPORARY;
    temporaryUntil = now.plus(MetaLimits.TEMPORARY_PERMISSION);
    return temporaryUntil;
  }

  public void grantPermanent() {
    grant = Grant.PERMANENT;
    temporaryUntil = null;
  }

  /** A reject, or the automatic revoke after too many unanswered calls. */
  public void withdraw() {
    grant = Grant.NO_PERMISSION;
    temporaryUntil = null;
  }

  /**
   * A call connected, in either direction: the request counters reset (docs/meta-cloud-api.md#request-limits), the run of
   * unanswered calls ends, and a business-initiated one counts towards the daily cap.
   */
  public void callConnected(Instant now, boolean businessInitiated) {
    requests.clear();
    unansweredInARow = 0;
    if (businessInitiated) {
      connectedCalls.addLast(now);
      prune(connectedCalls, MetaLimits.CONNECTED_CALLS_PER_DAY, now);
    }
  }

  /**
   * A business-initiated call ended without connecting (rejected, ignored, cancelled). Returns the
   * length of the run, which the caller compares with {@link MetaLimits}'s thresholds.
   */
  public int callUnanswered() {
    return ++unansweredInARow;
  }

  /** The automatic revoke after {@link MetaLimits#UNANSWERED_CALLS_REVOKE} (docs/meta-cloud-api.md#unanswered-calls). */
  public void revokeForUnansweredCalls() {
    withdraw();
    unansweredInARow = 0;
  }

  /** Events count while they are younger than the window; the oldest ones free slots first. */
  private static Usage usage(Deque<Instant> events, Window window, Instant now) {
    Instant from = now.minus(window.period());
    List<Instant> in = new ArrayList<>();
    for (Instant event : events) {
      if (event.isAfter(from) && !event.isAfter(now)) {
        in.add(event);
      }
    }
    Optional<Instant> exhaustedUntil =
        in.size() < window.maxAllowed()
            ? Optional.empty()
            : Optional.of(in.get(in.size() - window.maxAllowed()).plus(window.period()));
    return new Usage(window, in.size(), exhaustedUntil);
  }

  private static void prune(Deque<Instant> events, Window window, Instant now) {
    Instant from = now.minus(window.period());
    while (!events.isEmpty() && !events.peekFirst().isAfter(from)) {
      events.removeFirst();
    }
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }
}
