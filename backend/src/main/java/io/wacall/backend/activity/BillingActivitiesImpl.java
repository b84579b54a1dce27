package io.wacall.backend.activity;

import io.wacall.backend.billing.BillingException;
import io.wacall.backend.billing.ChargeLedger;
import io.temporal.failure.ApplicationFailure;
import io.wacall.workflows.billing.BillingActivities;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.ChargeRequest;
import org.springframework.stereotype.Component;

/**
 * The billing activities, registered on the task queue by the worker under the bean name
 * {@code billingActivities}. Requests that cannot succeed fail non-retryably with a typed
 * failure; database trouble propagates as an ordinary (retryable) failure, and a retry is safe
 * because the ledger is idempotent by call id.
 */
@Component("billingActivities")
public class BillingActivitiesImpl implements BillingActivities {
  private final ChargeLedger ledger;

  public BillingActivitiesImpl(ChargeLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public ChargeRecord recordCharge(ChargeRequest request) {
    try {
      return ledger.record(request);
    } catch (BillingException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.failureType());
    }
  }
}
