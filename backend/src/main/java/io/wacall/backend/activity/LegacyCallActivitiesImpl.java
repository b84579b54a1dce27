package io.wacall.backend.activity;

import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.call.ConversationEvent;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.workflows.call.RingNotification;
import io.wacall.workflows.call.legacy.CallChargeRequest;
import io.wacall.workflows.call.legacy.LegacyCallActivities;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * {@link LegacyCallActivities}: the activity types only call runs of the legacy shape use, with
 * the behaviour they always had, so that such runs, still open when this worker starts, finish.
 * Delegation only; delete with the legacy package.
 */
@Component("legacyCallActivities")
public class LegacyCallActivitiesImpl implements LegacyCallActivities {
  private final CloudApiClient cloudApi;
  private final AgentRinger ringer;
  private final AgentRingingRepository ringing;
  private final CallReadModel calls;
  private final CallEndings endings;
  private final Clock clock;

  public LegacyCallActivitiesImpl(CloudApiClient cloudApi, AgentRinger ringer, AgentRingingRepository ringing,
      CallReadModel calls, CallEndings endings, Clock clock) {
    this.cloudApi = cloudApi;
    this.ringer = ringer;
    this.ringing = ringing;
    this.calls = calls;
    this.endings = endings;
    this.clock = clock;
  }

  @Override
  public void notifyAgent(RingNotification notification) {
    ringer.ring(notification);
  }

  @Override
  public void stopRinging(String callId, String agentId) {
    if (agentId == null) {
      ringing.stopRinging(callId);
    } else {
      ringing.stopRinging(callId, agentId);
    }
  }

  @Override
  public void preAccept(String phoneNumberId, String wacid, String sdpAnswer) {
    CloudApiCalls.run(() -> cloudApi.preAccept(phoneNumberId, wacid, sdpAnswer));
  }

  @Override
  public void accept(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque) {
    CloudApiCalls.run(() -> cloudApi.accept(phoneNumberId, wacid, sdpAnswer, bizOpaque));
  }

  @Override
  public String connect(String phoneNumberId, String to, String sdpOffer, String bizOpaque) {
    return CloudApiCalls.get(() -> cloudApi.connect(phoneNumberId, to, sdpOffer, bizOpaque));
  }

  /** The snapshot alone: legacy runs manage the ringing rows with NotifyAgent and StopRinging. */
  @Override
  public void recordCall(CallView snapshot) {
    calls.record(snapshot, RunIds.current());
  }

  @Override
  public void logConversationEvent(ConversationEvent event) {
    endings.logConversation(event);
  }

  @Override
  public void notifyPermission(PermissionNotice notice) {
    endings.notifyPermission(notice);
  }

  @Override
  public void recordCharge(CallChargeRequest charge) {
    Instant connectedAt = charge.connectedAt() != null ? charge.connectedAt() : clock.instant();
    endings.charge(new ChargeRequest(charge.callId(), charge.direction(), charge.phoneNumberId(), charge.to(),
        connectedAt, charge.connectedSeconds()));
  }
}
