package io.wacall.contract.settings;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The CallingSettings workflow: one per business number ({@code WorkflowIds.callingSettings}),
 * keeping the number's calling settings at Meta in step with what wacall stores as wanted. A
 * change raises the stored revision and signals it ({@link #desiredChanged}, by signal-with-start);
 * the run pushes the latest wanted settings to Meta and reads Meta's view back, until the revision
 * it has settled reaches the newest it was told of. The latest change wins: changes that arrive
 * while a push runs are settled by one more push of the latest.
 */
@WorkflowInterface
public interface CallingSettingsWorkflow {
  String TYPE = "CallingSettings";

  /** Runs for as long as the number exists; continues as new after a number of pushes. */
  @WorkflowMethod(name = TYPE)
  void run(CallingSettingsInput input);

  /** The stored wanted settings changed: push them. */
  @SignalMethod(name = "desiredChanged")
  void desiredChanged(CallingSettingsChange change);

  @QueryMethod(name = "progress")
  CallingSettingsProgress progress();
}
