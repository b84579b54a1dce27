package io.wacall.workflows.call.legacy;

import io.wacall.workflows.call.ConversationEvent;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.workflows.call.RingNotification;
import io.wacall.workflows.call.Routing;
import io.wacall.contract.call.view.CallView;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The activities only call runs of the old shape use ({@link LegacyInboundCall},
 * {@link LegacyOutboundCall}, runs started before {@code CallShape.LEAN}): kept with their type
 * names and arguments so that such runs, still open when a new worker starts, finish. Their directory
 * reads and their {@code reject} / {@code terminate} are activity types the new runs share
 * ({@link io.wacall.workflows.call.CallDirectoryActivities},
 * {@link io.wacall.workflows.call.CallCloudApiActivities}). Delete with the legacy package once no
 * such run is open. Cloud API methods fail as {@code CallCloudApiActivities} describes.
 */
@ActivityInterface
public interface LegacyCallActivities {


  /** Rings the agent on their channel and lists the call under the agent's ringing calls. */
  @ActivityMethod(name = "NotifyAgent")
  void notifyAgent(RingNotification notification);

  /** Ends the agent's ringing (timeout, decline, answer, caller gone); idempotent. */
  @ActivityMethod(name = "StopRinging")
  void stopRinging(String callId, String agentId);

  /** {@code pre_accept} of a user-initiated call with the agent's SDP answer. */
  @ActivityMethod(name = "PreAcceptCall")
  void preAccept(String phoneNumberId, String wacid, String sdpAnswer);

  /** {@code accept} of a user-initiated call: same SDP as pre_accept; bizOpaque is our workflow ID. */
  @ActivityMethod(name = "AcceptCall")
  void accept(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque);



  /**
   * {@code connect}: places a business-initiated call with the agent's SDP offer and our workflow
   * ID in {@code biz_opaque_callback_data}; returns the wacid. Must not retry internally: a connect
   * that may have reached Meta may have rung the customer (the workflow runs it with one attempt).
   */
  @ActivityMethod(name = "ConnectCall")
  String connect(String phoneNumberId, String to, String sdpOffer, String bizOpaque);


  /** Writes the snapshot to the read model; an older version than the stored one is ignored. */
  @ActivityMethod(name = "RecordCall")
  void recordCall(CallView snapshot);

  /** One line in the customer's conversation log (a missed call, with the callback marker, or a call); idempotent by callId. */
  @ActivityMethod(name = "LogConversationEvent")
  void logConversationEvent(ConversationEvent event);

  /** Tells CallPermission the call connected or went unanswered (signal-with-start); see {@link PermissionNotice}. */
  @ActivityMethod(name = "NotifyPermission")
  void notifyPermission(PermissionNotice notice);

  /**
   * The call's ledger row. The integrator delegates it to the billing slice's
   * {@code BillingActivities.recordCharge}; idempotent by callId.
   */
  @ActivityMethod(name = "RecordCallCharge")
  void recordCharge(CallChargeRequest charge);
}
