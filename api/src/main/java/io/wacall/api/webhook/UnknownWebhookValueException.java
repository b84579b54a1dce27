package io.wacall.api.webhook;

/**
 * An event that names a value wacall does not know where Meta may add values (a reply's
 * {@code response} or {@code response_source}, a call's {@code direction}): stored and IGNORED with
 * this message, never acted on and never counted as malformed input (docs/meta-cloud-api.md#webhooks).
 * An operator may re-dispatch it once a version of wacall that knows the value runs.
 */
public class UnknownWebhookValueException extends MalformedWebhookEventException {
  public UnknownWebhookValueException(String message) {
    super(message);
  }
}
