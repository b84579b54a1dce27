package io.wacall.backend.billing;

import io.wacall.workflows.billing.BillingFailureTypes;

/**
 * A billing request that cannot succeed as asked. Each kind names the {@code ApplicationFailure}
 * type the activity fails with, and the API maps each to a problem response. Messages never carry
 * the customer's phone number: activity failures are stored unencrypted in Temporal's history.
 */
public abstract sealed class BillingException extends RuntimeException {

  BillingException(String message) {
    super(message);
  }

  /** The {@link BillingFailureTypes} constant for this failure. */
  public abstract String failureType();

  /** A required field is missing or out of range. */
  public static final class InvalidChargeRequest extends BillingException {
    public InvalidChargeRequest(String message) {
      super(message);
    }

    @Override
    public String failureType() {
      return BillingFailureTypes.INVALID_CHARGE_REQUEST;
    }
  }

  /** The number is not a valid international number: no region, so no market, and no guess. */
  public static final class InvalidPhoneNumber extends BillingException {
    public InvalidPhoneNumber(String message) {
      super(message);
    }

    @Override
    public String failureType() {
      return BillingFailureTypes.INVALID_PHONE_NUMBER;
    }
  }

  /** The market is N/A on the card in effect, or the card has no rate for it. */
  public static final class MarketNotCallable extends BillingException {
    public MarketNotCallable(String message) {
      super(message);
    }

    @Override
    public String failureType() {
      return BillingFailureTypes.MARKET_NOT_CALLABLE;
    }
  }

  /** No rate card was in effect at the instant asked about. */
  public static final class NoRateCard extends BillingException {
    public NoRateCard(String message) {
      super(message);
    }

    @Override
    public String failureType() {
      return BillingFailureTypes.NO_RATE_CARD;
    }
  }

  /** The call already has a ledger row with different figures. */
  public static final class ChargeConflict extends BillingException {
    public ChargeConflict(String message) {
      super(message);
    }

    @Override
    public String failureType() {
      return BillingFailureTypes.CHARGE_CONFLICT;
    }
  }
}
