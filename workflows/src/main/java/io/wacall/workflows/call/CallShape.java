package io.wacall.workflows.call;

import io.temporal.workflow.Workflow;

/**
 * The shape of a call run, asked of {@code Workflow.getVersion} once, first thing (in the
 * workflow's constructor, before any handler runs). Runs recorded before {@link #CHANGE_ID} replay
 * as the legacy classes they were; every new run takes the current shape.
 */
final class CallShape {
  /**
   * The change that cut a call's billable actions: read-model writes folded into the activities that
   * run anyway, the directory read and the first ring as local activities, {@code pre_accept} and
   * {@code accept} in one activity, one ledger/conversation/permission activity at the end, the
   * disposition kept by the API instead of a wrap-up wait in the run.
   */
  static final String CHANGE_ID = "call-shape";
  static final int LEAN = 1;

  private CallShape() {}

  static boolean lean() {
    return Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, LEAN) == LEAN;
  }
}
