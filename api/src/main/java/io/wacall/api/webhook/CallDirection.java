package io.wacall.api.webhook;

/** {@code calls[].direction}. */
public enum CallDirection {
  /** UIC: the customer calls; {@code from} is the customer. */
  USER_INITIATED,
  /** BIC: the business calls; {@code to} is the customer. */
  BUSINESS_INITIATED
}
