package io.wacall.sandbox.webhook;

/** {@code calls[].direction} (cloud-api-calling.md section 3.2). */
public enum CallDirection {
  USER_INITIATED,
  BUSINESS_INITIATED
}
