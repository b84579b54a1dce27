package io.wacall.workflows.reconciliation;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One day per run: wait until the day's figures have settled at Meta, reconcile it, continue as new
 * with the next day. A worker that was down for days catches up one day per run, since every
 * overdue wait is skipped.
 */
public class LedgerReconciliationWorkflowImpl implements LedgerReconciliationWorkflow {
  /**
   * How long after a day ends its figures are read. Meta's analytics are not final at midnight; six
   * hours is a margin, not a figure Meta publishes (docs/operations.md#ledger-reconciliation).
   */
  static final Duration DEFAULT_SETTLE = Duration.ofHours(6);

  private final ReconciliationActivities activities = Workflow.newActivityStub(ReconciliationActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          // Meta or the database away: try again, less and less often, until it answers
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofMinutes(1))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofHours(1))
              .build())
          .build());

  @Override
  public void run(ReconciliationInput input) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    LocalDate day = input.day() != null ? input.day() : LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
    Duration settle = input.settle() != null ? input.settle() : DEFAULT_SETTLE;
    Instant due = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(settle);
    if (due.isAfter(now)) {
      Workflow.sleep(Duration.between(now, due));
    }
    activities.reconcileDay(day);
    Workflow.continueAsNew(new ReconciliationInput(day.plusDays(1), input.settle()));
  }
}
