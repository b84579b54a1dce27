package io.wacall.workflows.permission;

import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionView;

/**
 * How one CallPermission run behaves, chosen once per run by {@link CallPermissionWorkflowImpl}
 * ({@code Workflow.getVersion}): {@link CallPermissionRunBeforeBudget} for runs recorded before
 * the action budget, {@link CallPermissionRunInBudget} since. The workflow's methods delegate here;
 * the validator and the query do not (they produce no commands).
 */
interface PermissionRun {
  PermissionView run();

  PermissionRequestResult requestPermission(PermissionRequest request);

  void permissionReply(PermissionReply reply);

  void callConnected(CallEvent call);

  void callUnanswered(CallEvent call);

  void requestStatus(RequestDeliveryStatus status);

  /** What a run is made of: the pair, its settings and its state (shared with the workflow's query). */
  record Context(String phoneNumberId, String waId, Integer maxHistoryEventsSetting, int maxHistoryEvents,
      PermissionData data, boolean fresh) {}
}
