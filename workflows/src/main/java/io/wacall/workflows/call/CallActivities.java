package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallView;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the InboundCall and OutboundCall workflows ask of the outside world. Implemented in the
 * activities module. Cloud API methods fail with an ApplicationFailure of a
 * {@code FailureTypes.CLOUD_API_*} type whose first detail is a {@code CloudApiErrorDetails}
 * (as {@code GraphApiException.toApplicationFailure()} builds it); the workflow reads
 * {@code ambiguous} and {@code retryAt} from it.
 *
 * <p>Activity type names are explicit and distinct from every other activity interface on the
 * worker (the billing slice owns {@code RecordCharge}).
 */
@ActivityInterface
public interface CallActivities {

  /** The business number's settings and ring group (see {@link Routing}); an unknown number has no members. */
  @ActivityMethod(name = "LoadRouting")
  Routing loadRouting(String phoneNumberId);

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

  /** {@code reject} of a user-initiated call nobody took. */
  @ActivityMethod(name = "RejectCall")
  void reject(String phoneNumberId, String wacid);

  /** {@code terminate} of a call in either direction. */
  @ActivityMethod(name = "TerminateCall")
  void terminate(String phoneNumberId, String wacid);

  /**
   * {@code connect}: places a business-initiated call with the agent's SDP offer and our workflow
   * ID in {@code biz_opaque_callback_data}; returns the wacid. Must not retry internally: a connect
   * that may have reached Meta may have rung the customer (the workflow runs it with one attempt).
   */
  @ActivityMethod(name = "ConnectCall")
  String connect(String phoneNumberId, String to, String sdpOffer, String bizOpaque);

  /** May this business number call this customer now (country, market, CallPermission's grant)? */
  @ActivityMethod(name = "CheckOutbound")
  OutboundCheck checkOutbound(String phoneNumberId, String to);

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
