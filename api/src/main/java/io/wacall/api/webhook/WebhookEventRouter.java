package io.wacall.api.webhook;

/**
 * Turns one kind of stored webhook event into a call on Temporal. The extension point for new
 * kinds: a Spring bean implementing this for a {@link WebhookEventKind} makes the adapter store
 * events of that kind as PENDING and dispatch them here; a kind without a router is stored as
 * IGNORED with {@link WebhookEventKind#unroutedReason()}. One router per kind.
 *
 * <p>Contract: {@link #route} may be called more than once for the same event (redelivery, a
 * dispatcher that died after the call, a lease that ran out), so what it calls must be idempotent
 * (signals carry a dedupe key the workflow checks). It signals failure by throwing:
 * {@link UnroutableEventException} (or {@link IllegalArgumentException}) when the event can never
 * be routed, which marks it FAILED; anything else, a Temporal outage above all, is retried with
 * backoff.
 */
public interface WebhookEventRouter<E extends WebhookEvent> {

  WebhookEventKind kind();

  RouteResult route(E event);

  /** What became of a routed event. */
  record RouteResult(Outcome outcome, String reason) {
    public enum Outcome {
      /** Delivered to its workflow; stored as DISPATCHED. */
      DISPATCHED,
      /** Deliberately not acted upon; stored as IGNORED with the reason. */
      IGNORED,
      /** Cannot be routed yet (what it refers to is not recorded yet); tried again with backoff. */
      RETRY_LATER
    }

    public static RouteResult dispatched() {
      return new RouteResult(Outcome.DISPATCHED, null);
    }

    public static RouteResult ignored(String reason) {
      return new RouteResult(Outcome.IGNORED, reason);
    }

    public static RouteResult retryLater(String reason) {
      return new RouteResult(Outcome.RETRY_LATER, reason);
    }
  }
}
