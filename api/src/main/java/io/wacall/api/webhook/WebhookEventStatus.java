package io.wacall.api.webhook;

/** Where a stored webhook event stands (column {@code webhook_events.status}). */
public enum WebhookEventStatus {
  /** Waiting for (another) dispatch attempt at {@code next_attempt_at}. */
  PENDING,
  /** Delivered to its workflow. */
  DISPATCHED,
  /** Kept for the record, deliberately not acted upon; {@code last_error} says why. */
  IGNORED,
  /** Could not be mapped to a workflow call (bad data or a bug); never retried by itself. */
  FAILED
}
