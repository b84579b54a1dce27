package io.wacall.workflows.settings;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.wacall.contract.settings.CallingSettingsChange;
import io.wacall.contract.settings.CallingSettingsInput;
import io.wacall.contract.settings.CallingSettingsProgress;
import io.wacall.contract.settings.CallingSettingsWorkflow;
import java.time.Duration;

/**
 * Keeps a business number's calling settings at Meta in step with what is stored as wanted
 * (docs/meta-cloud-api.md#call-settings). The run waits for a revision newer than the one it
 * settled, pushes the latest (one activity: POST, then GET back), and waits again; it has no
 * timers, so a number whose settings do not change costs nothing. Billable actions of a change:
 * its signal and one activity (a signal-with-start adds the start). Meta's refusal settles the
 * revision (the next change is pushed anew); Meta failing is retried by the activity's retry
 * policy, with backoff, for as long as it takes. Deterministic: no clock, no I/O outside the
 * activity.
 */
public class CallingSettingsWorkflowImpl implements CallingSettingsWorkflow {
  /** Continue-as-new after this many pushes: keeps the history short. */
  static final int DEFAULT_MAX_PUSHES_PER_RUN = 100;

  private final CallingSettingsActivities meta = Workflow.newActivityStub(CallingSettingsActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofMinutes(5))
              .build())
          .build());

  private final String phoneNumberId;
  private final int maxPushes;
  private long requested;
  private long settled;
  private String lastOutcome = "NONE";
  private int pushes;

  @WorkflowInit
  public CallingSettingsWorkflowImpl(CallingSettingsInput input) {
    this.phoneNumberId = input.phoneNumberId();
    this.maxPushes = input.maxPushesPerRun() != null ? input.maxPushesPerRun() : DEFAULT_MAX_PUSHES_PER_RUN;
    this.requested = input.requestedRevision();
    this.settled = input.settledRevision();
  }

  @Override
  public void run(CallingSettingsInput input) {
    while (true) {
      Workflow.await(() -> requested > settled);
      CallingSettingsActivities.Pushed pushed = meta.push(phoneNumberId, requested);
      settled = Math.max(settled, pushed.revision());
      lastOutcome = pushed.refused() ? "REFUSED" : "SYNCED";
      pushes++;
      if (pushes >= maxPushes && requested <= settled) {
        Workflow.continueAsNew(new CallingSettingsInput(phoneNumberId, requested, settled, input.maxPushesPerRun()));
      }
    }
  }

  @Override
  public void desiredChanged(CallingSettingsChange change) {
    requested = Math.max(requested, change.revision());
  }

  @Override
  public CallingSettingsProgress progress() {
    return new CallingSettingsProgress(phoneNumberId, requested, settled, lastOutcome, pushes);
  }
}
