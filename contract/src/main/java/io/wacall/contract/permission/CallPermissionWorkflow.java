package io.wacall.contract.permission;

import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionView;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Type {@code CallPermission}, ID {@code permission:{phoneNumberId}:{waId}} (see WorkflowIds),
 * one per business number and customer. It lives while anything is left to remember, then
 * completes with its final state; the next event starts it afresh.
 */
@WorkflowInterface
public interface CallPermissionWorkflow {
  String TYPE = "CallPermission";

  @WorkflowMethod(name = TYPE)
  PermissionView run(PermissionInput input);

  /**
   * Sends a permission request. Refused by the validator (nothing recorded in history) when a
   * grant is active ({@code PermissionGrantActive}) or the throttle says no
   * ({@code PermissionRequestThrottled}, details: {@link Refused}).
   */
  @UpdateMethod(name = "requestPermission")
  PermissionRequestResult requestPermission(PermissionRequest request);

  @UpdateValidatorMethod(updateName = "requestPermission")
  void validateRequestPermission(PermissionRequest request);

  @SignalMethod(name = "permissionReply")
  void permissionReply(PermissionReply reply);

  @SignalMethod(name = "callConnected")
  void callConnected(CallEvent call);

  @SignalMethod(name = "callUnanswered")
  void callUnanswered(CallEvent call);

  @SignalMethod(name = "requestStatus")
  void requestStatus(RequestDeliveryStatus status);

  @QueryMethod(name = "state")
  PermissionView state();

  /** Details of a refused request, the first detail of its ApplicationFailure. */
  record Refused(String reason, java.time.Instant nextAllowedAt, PermissionView state) {}
}
