package io.wacall.workflows.billing;

/**
 * The {@code ApplicationFailure} types {@link BillingActivities#recordCharge} fails with. All are
 * non-retryable: retrying the same request cannot change the answer. Strings, so that callers in
 * any language can match on them.
 */
public final class BillingFailureTypes {
  /** A required field is missing or out of range (no call id, negative seconds...). */
  public static final String INVALID_CHARGE_REQUEST = "BillingInvalidChargeRequest";
  /** The customer's number is not a valid international number: there is no market to price. */
  public static final String INVALID_PHONE_NUMBER = "BillingInvalidPhoneNumber";
  /** The market has no rate on the card in effect (N/A or absent): it cannot be called. */
  public static final String MARKET_NOT_CALLABLE = "BillingMarketNotCallable";
  /** No rate card was in effect when the call connected. */
  public static final String NO_RATE_CARD = "BillingNoRateCard";
  /** The call already has a row with different figures: never silently overwritten. */
  public static final String CHARGE_CONFLICT = "BillingChargeConflict";

  private BillingFailureTypes() {}
}
