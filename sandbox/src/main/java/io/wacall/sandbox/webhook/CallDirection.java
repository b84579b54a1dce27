package io.wacall.sandbox.webhook;

/** {@code calls[].direction} (docs/meta-cloud-api.md#call-events). */
public enum CallDirection {
  USER_INITIATED,
  BUSINESS_INITIATED
}
