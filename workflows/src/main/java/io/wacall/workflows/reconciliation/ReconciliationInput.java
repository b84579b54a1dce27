package io.wacall.workflows.reconciliation;

import java.time.Duration;
import java.time.LocalDate;

/**
 * Where a reconciliation run starts.
 *
 * @param day the UTC day this run reconciles; null on the first run: yesterday
 * @param settle how long after the day's end (UTC midnight) Meta's figures for it are read; null:
 *     {@link LedgerReconciliationWorkflowImpl#DEFAULT_SETTLE}
 */
public record ReconciliationInput(LocalDate day, Duration settle) {
  public static ReconciliationInput fromYesterday() {
    return new ReconciliationInput(null, null);
  }
}
