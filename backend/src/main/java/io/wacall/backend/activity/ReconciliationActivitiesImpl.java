package io.wacall.backend.activity;

import io.wacall.backend.billing.LedgerReconciler;
import io.wacall.workflows.reconciliation.ReconciliationActivities;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/** {@link ReconciliationActivities}: the day's reconciliation by {@link LedgerReconciler}. */
@Component("reconciliationActivities")
public class ReconciliationActivitiesImpl implements ReconciliationActivities {
  private final LedgerReconciler reconciler;

  public ReconciliationActivitiesImpl(LedgerReconciler reconciler) {
    this.reconciler = reconciler;
  }

  @Override
  public ReconciledDay reconcileDay(LocalDate day) {
    return reconciler.reconcile(day);
  }
}
