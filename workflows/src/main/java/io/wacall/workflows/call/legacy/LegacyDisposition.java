package io.wacall.workflows.call.legacy;

import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.wacall.contract.call.view.CallView;

/**
 * The {@code setDisposition} update of runs of the old shape, registered by
 * {@link LegacyCallWorkflowBase} for its own runs only ({@code Workflow.registerListener}): their
 * histories hold it. New runs have no such update; the API keeps the disposition.
 */
public interface LegacyDisposition {

  @UpdateMethod(name = "setDisposition")
  CallView setDisposition(DispositionRequest request);

  @UpdateValidatorMethod(updateName = "setDisposition")
  void validateSetDisposition(DispositionRequest request);
}
