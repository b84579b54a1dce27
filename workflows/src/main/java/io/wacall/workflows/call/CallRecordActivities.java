package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallView;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The call's record in PostgreSQL (the read model the API lists, the agents' ringing lists) and
 * what a call leaves behind when it ends. Each write is one snapshot of the call, kept only if it
 * is newer than the stored one ({@code CallView.version}), so a retry or a late write changes
 * nothing. The agents' ringing lists follow the snapshot: an agent rings for a call exactly while
 * the stored snapshot's {@code ringing} names them.
 */
@ActivityInterface
public interface CallRecordActivities {

  /** Saves {@link RingAgent#call()} (ringing this agent) and rings the agent on their channel. */
  @ActivityMethod(name = "RingAgent")
  void ring(RingAgent command);

  /** Saves a snapshot of the call. */
  @ActivityMethod(name = "SaveCall")
  void save(CallView call);

  /**
   * The end of a call, in one activity: the final snapshot, the line in the customer's
   * conversation log, the ledger row and the notice to CallPermission, each idempotent by callId
   * (a retry writes nothing twice). The parts that do not apply are null.
   */
  @ActivityMethod(name = "CloseCall")
  void close(CloseCall command);
}
