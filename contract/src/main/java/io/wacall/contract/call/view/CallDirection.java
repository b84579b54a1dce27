package io.wacall.contract.call.view;

/** Who placed the call, in Meta's words ({@code direction} of the calls webhook). */
public enum CallDirection {
  /** The customer called the business: an {@code InboundCall}. */
  USER_INITIATED,
  /** An agent called the customer: an {@code OutboundCall}. */
  BUSINESS_INITIATED
}
