package io.wacall.api.webhook;

/**
 * An event inside a valid, signed envelope that cannot be read as its kind (a missing id, an
 * unparseable timestamp, an unknown {@code response}). Stored as FAILED with this message; never
 * retried, because the same bytes would fail the same way.
 */
public class MalformedWebhookEventException extends RuntimeException {
  public MalformedWebhookEventException(String message) {
    super(message);
  }
}
