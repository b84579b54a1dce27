package io.wacall.workflows.reconciliation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.LocalDate;

/** Reads Meta's call analytics for a day, sums the ledger for it, and stores the comparison. */
@ActivityInterface
public interface ReconciliationActivities {
  /**
   * Reconciles one UTC day for every configured business account; stores one row per account and
   * direction (a second run of the same day replaces its rows, so a retry stores nothing twice).
   */
  @ActivityMethod(name = "ReconcileLedgerDay")
  ReconciledDay reconcileDay(LocalDate day);

  /**
   * What a day's reconciliation found.
   *
   * @param rows account and direction pairs compared
   * @param differences of those, the pairs whose count or cost differ
   */
  record ReconciledDay(LocalDate day, int rows, int differences) {}
}
