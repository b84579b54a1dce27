package io.wacall.workflows.call;

import io.wacall.contract.failure.CallRefusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;

/** Asserts that an update was refused with a given failure type, and hands back its CallRefusal. */
final class Refusals {
  private Refusals() {}

  static CallRefusal refused(Runnable update, String expectedType) {
    ApplicationFailure failure = refusal(update, expectedType);
    return failure.getDetails().getSize() > 0 ? failure.getDetails().get(0, CallRefusal.class) : null;
  }

  /** The refusal itself, for updates of other workflows whose details are not a CallRefusal. */
  static ApplicationFailure refusal(Runnable update, String expectedType) {
    try {
      update.run();
    } catch (WorkflowUpdateException e) {
      Throwable cause = e.getCause();
      assertThat(cause).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) cause;
      assertThat(failure.getType()).isEqualTo(expectedType);
      return failure;
    }
    throw new AssertionError("expected a refusal of type " + expectedType);
  }
}
