package io.wacall.backend.activity;

import io.wacall.backend.store.CallReadModel;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowNotFoundException;
import io.wacall.backend.activity.BillingActivitiesImpl;
import io.wacall.backend.billing.BillingException;
import io.wacall.backend.billing.BillingQuotes;
import io.wacall.backend.billing.Rating;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.GraphApiException;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.backend.store.directory.ConversationEventKind;
import io.wacall.backend.store.directory.ConversationLog;
import io.wacall.backend.store.directory.ConversationRecord;
import io.wacall.backend.store.directory.RoutingDirectory;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.call.CallActivities;
import io.wacall.workflows.call.CallChargeRequest;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.call.ConversationEvent;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.workflows.call.RingNotification;
import io.wacall.workflows.call.Routing;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.workflows.permission.PermissionRules;
import io.wacall.contract.permission.view.PermissionView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The call workflows' activities: Meta's Cloud API, the directory (routing, ringing, the
 * conversation log), the call read model, the CallPermission workflows and the billing ledger.
 */
@Component("callActivities")
public class CallActivitiesImpl implements CallActivities {
  private static final Logger log = LoggerFactory.getLogger(CallActivitiesImpl.class);

  private final CloudApiClient cloudApi;
  private final RoutingDirectory directory;
  private final AgentRingingRepository ringing;
  private final ConversationLog conversations;
  private final CallReadModel calls;
  private final PermissionWorkflows permissions;
  private final PermissionReadModel permissionReadModel;
  private final BillingQuotes quotes;
  private final BillingActivitiesImpl billing;
  private final WacallMetrics metrics;
  private final Clock clock;

  public CallActivitiesImpl(CloudApiClient cloudApi, RoutingDirectory directory, AgentRingingRepository ringing,
      ConversationLog conversations, CallReadModel calls, PermissionWorkflows permissions,
      PermissionReadModel permissionReadModel, BillingQuotes quotes, BillingActivitiesImpl billing,
      WacallMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.cloudApi = cloudApi;
    this.directory = directory;
    this.ringing = ringing;
    this.conversations = conversations;
    this.calls = calls;
    this.permissions = permissions;
    this.permissionReadModel = permissionReadModel;
    this.quotes = quotes;
    this.billing = billing;
    this.clock = clock;
  }

  @Override
  public Routing loadRouting(String phoneNumberId) {
    try {
      return directory.routing(phoneNumberId);
    } catch (UnknownPhoneNumberException unknown) {
      log.warn("call to business number {} which is not in the directory: nobody to ring", phoneNumberId);
      return Routing.unavailable();
    }
  }

  @Override
  public void notifyAgent(RingNotification n) {
    // WEB_APP agents poll GET /api/v1/agents/{id}/ringing; a push to the mobile app would go here too.
    ringing.ringing(n.callId(), n.agentId(), n.phoneNumberId(), n.from(), n.ringingSince(), n.ringExpiresAt());
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
    cloud(() -> cloudApi.preAccept(phoneNumberId, wacid, sdpAnswer));
  }

  @Override
  public void accept(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque) {
    cloud(() -> cloudApi.accept(phoneNumberId, wacid, sdpAnswer, bizOpaque));
  }

  @Override
  public void reject(String phoneNumberId, String wacid) {
    cloud(() -> cloudApi.reject(phoneNumberId, wacid));
  }

  @Override
  public void terminate(String phoneNumberId, String wacid) {
    cloud(() -> cloudApi.terminate(phoneNumberId, wacid));
  }

  @Override
  public String connect(String phoneNumberId, String to, String sdpOffer, String bizOpaque) {
    try {
      return cloudApi.connect(phoneNumberId, to, sdpOffer, bizOpaque);
    } catch (GraphApiException e) {
      throw e.toApplicationFailure();
    }
  }

  @Override
  public OutboundCheck checkOutbound(String phoneNumberId, String to) {
    Routing routing = loadRouting(phoneNumberId);
    boolean businessAllowed = routing.businessInitiatedCallingAllowed();
    String region = null;
    String market = null;
    boolean destinationCallable;
    String reason = businessAllowed ? null
        : routing.businessCountry() == null ? "business number " + phoneNumberId + " is not configured"
        : "business-initiated calls are not available for business numbers in " + routing.businessCountry();
    try {
      Rating rating = quotes.quote(to, 0, phoneNumberId, null);
      region = rating.region();
      market = rating.market();
      destinationCallable = rating.callable();
      if (!destinationCallable && reason == null) {
        reason = rating.reason();
      }
    } catch (BillingException | IllegalArgumentException e) {
      destinationCallable = false;
      if (reason == null) {
        reason = e.getMessage();
      }
    }
    PermissionView permission = permission(phoneNumberId, waId(to));
    boolean granted = PermissionRules.grantActive(permission.status(), permission.expiresAt(), clock.instant());
    return new OutboundCheck(businessAllowed, destinationCallable, region, market, reason, granted,
        permission.status().name());
  }

  @Override
  public void recordCall(CallView snapshot) {
    calls.record(snapshot, Activity.getExecutionContext().getInfo().getRunId());
  }

  @Override
  public void logConversationEvent(ConversationEvent event) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("direction", event.direction() == null ? null : event.direction().name());
    detail.put("outcome", event.outcome() == null ? null : event.outcome().name());
    detail.put("wacid", event.wacid());
    detail.put("agentId", event.agentId());
    detail.put("durationSeconds", event.durationSeconds());
    boolean first = conversations.logConversationEvent(new ConversationRecord(event.phoneNumberId(), event.waId(),
        event.at(), kindOf(event), event.callId(), detail));
    if (first) {
      measureEnded(event);
    }
    if (event.callbackRequestAllowed()) {
      conversations.logConversationEvent(new ConversationRecord(event.phoneNumberId(), event.waId(), event.at(),
          ConversationEventKind.CALLBACK_REQUEST_ALLOWED, event.callId(), detail));
    }
  }

  /** Once per call (the log line is written once): outcome, time to answer, ring failovers. */
  private void measureEnded(ConversationEvent event) {
    String direction = event.direction() == null ? "UNKNOWN" : event.direction().name();
    metrics.callEnded(direction, event.outcome() == null ? "UNKNOWN" : event.outcome().name());
    calls.find(event.callId()).ifPresent(view -> {
      if (view.startedAt() != null && view.answeredAt() != null) {
        metrics.timeToAnswer(direction, Duration.between(view.startedAt(), view.answeredAt()));
      }
      if (view.ringAttempts() != null && view.ringAttempts().size() > 1) {
        metrics.ringFailovers(view.ringAttempts().size() - 1);
      }
    });
  }

  /** The conversation log's line kind of a call, by its outcome. */
  static ConversationEventKind kindOf(ConversationEvent event) {
    if (event.outcome() == null) {
      return ConversationEventKind.MISSED_CALL;
    }
    return switch (event.outcome()) {
      case COMPLETED -> ConversationEventKind.CALL_COMPLETED;
      case MISSED -> ConversationEventKind.MISSED_CALL;
      case DECLINED -> ConversationEventKind.CALL_DECLINED;
      case ABANDONED -> ConversationEventKind.CALL_ABANDONED;
      case REJECTED -> ConversationEventKind.CALL_REJECTED;
      case NOT_ANSWERED -> ConversationEventKind.CALL_NOT_ANSWERED;
      case FAILED -> ConversationEventKind.CALL_FAILED;
    };
  }

  @Override
  public void notifyPermission(PermissionNotice notice) {
    CallEvent call = new CallEvent(notice.wacid() != null ? notice.wacid() : notice.callId(),
        notice.at() != null ? notice.at() : clock.instant());
    if (notice.kind() == PermissionNotice.Kind.CONNECTED) {
      permissions.signalWithStart(notice.phoneNumberId(), notice.waId(), wf -> wf::callConnected, call);
    } else {
      permissions.signalWithStart(notice.phoneNumberId(), notice.waId(), wf -> wf::callUnanswered, call);
    }
  }

  @Override
  public void recordCharge(CallChargeRequest charge) {
    Instant connectedAt = charge.connectedAt() != null ? charge.connectedAt() : clock.instant();
    ChargeRecord row = billing.recordCharge(new ChargeRequest(charge.callId(),
        charge.direction(), charge.phoneNumberId(),
        charge.to(), connectedAt, charge.connectedSeconds()));
    // counted per activity completion: a retry after a lost answer would count twice, which metrics tolerate
    metrics.charged(row.direction().name(), row.market(), row.currency(), row.amount());
  }

  /** CallPermission's live state, else its read model, else NONE. */
  private PermissionView permission(String phoneNumberId, String waId) {
    Instant now = clock.instant();
    try {
      return permissions.existingStub(phoneNumberId, waId).state();
    } catch (WorkflowNotFoundException notRunning) {
      return permissionReadModel.find(phoneNumberId, waId)
          .map(PermissionReadModel.PermissionRow::toView)
          .orElseGet(() -> PermissionView.none(phoneNumberId, waId, now));
    }
  }

  /** Meta's wa_id of a customer: the number's digits, without '+' or separators. */
  static String waId(String to) {
    return to.replaceAll("[^0-9]", "");
  }

  private static void cloud(Runnable action) {
    try {
      action.run();
    } catch (GraphApiException e) {
      throw e.toApplicationFailure();
    }
  }
}
