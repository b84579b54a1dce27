package io.wacall.workflows.billing;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The billing ledger, for the call workflows. Activity type name: {@code RecordCharge}. */
@ActivityInterface
public interface BillingActivities {

  /**
   * Prices the call and writes its one ledger row, in the same transaction as the business's
   * month-to-date volume in that market; returns the stored row.
   *
   * <p>Idempotent by {@code callId}: a retry or a duplicate webhook with the same figures returns the
   * row already stored (priced as it was the first time). The same call id with different figures
   * (direction, business number, region, connect time or seconds) fails with
   * {@link BillingFailureTypes#CHARGE_CONFLICT}; nothing is overwritten.
   *
   * <p>Fails non-retryably with one of {@link BillingFailureTypes}.
   */
  @ActivityMethod
  ChargeRecord recordCharge(ChargeRequest request);
}
