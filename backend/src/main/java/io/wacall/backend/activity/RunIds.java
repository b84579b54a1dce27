package io.wacall.backend.activity;

import io.temporal.activity.Activity;

/** The run whose activity (local or not) is executing: the read model keeps a newer run's snapshot. */
final class RunIds {
  private RunIds() {}

  static String current() {
    return Activity.getExecutionContext().getInfo().getRunId();
  }
}
