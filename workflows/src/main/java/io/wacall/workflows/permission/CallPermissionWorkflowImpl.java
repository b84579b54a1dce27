package io.wacall.workflows.permission;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.workflows.common.FailureTypes;
import io.wacall.workflows.common.WacallSearchAttributes;
import io.wacall.workflows.permission.PermissionActivities.CloudPermission;
import io.wacall.workflows.permission.PermissionActivities.SendPermissionRequest;
import io.wacall.workflows.permission.PermissionData.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The CallPermission entity workflow. Handlers only change {@link PermissionData}; the main loop
 * applies timers, writes the read model after every change, continues as new when the history
 * grows, and completes when nothing is left to remember. Deterministic: time comes from
 * {@link Workflow#currentTimeMillis()}, all I/O from activities.
 */
public class CallPermissionWorkflowImpl implements CallPermissionWorkflow {
  /** Continue-as-new well before the server's 50k-event limit; keeps replays of a long grant cheap. */
  static final int DEFAULT_MAX_HISTORY_EVENTS = 2_000;
  /** When Meta refuses a request without saying until when, the shortest window that could block. */
  static final Duration META_THROTTLE_FALLBACK = PermissionRules.SHORT_WINDOW;

  private static final Logger log = Workflow.getLogger(CallPermissionWorkflowImpl.class);

  private final String phoneNumberId;
  private final String waId;
  private final Integer maxHistoryEventsSetting;
  private final int maxHistoryEvents;
  private final PermissionData data;
  private long recordedVersion;
  private final WacallSearchAttributes.Upserter searchAttributes = new WacallSearchAttributes.Upserter();

  private final PermissionActivities sender = Workflow.newActivityStub(PermissionActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofSeconds(10))
              .setMaximumAttempts(5)
              .build())
          .build());
  private final PermissionActivities cloudView = Workflow.newActivityStub(PermissionActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
          .build());
  private final PermissionActivities readModel = Workflow.newActivityStub(PermissionActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
          .build());

  @WorkflowInit
  public CallPermissionWorkflowImpl(PermissionInput input) {
    this.phoneNumberId = input.phoneNumberId();
    this.waId = input.waId();
    this.maxHistoryEventsSetting = input.maxHistoryEvents();
    this.maxHistoryEvents = input.maxHistoryEvents() != null ? input.maxHistoryEvents() : DEFAULT_MAX_HISTORY_EVENTS;
    this.data = input.carried() != null ? input.carried() : new PermissionData();
    // a carried state was recorded by the previous run before it continued as new
    this.recordedVersion = input.carried() != null ? data.version() : -1;
  }

  @Override
  public PermissionView run(PermissionInput input) {
    searchAttributes.decide();
    while (true) {
      Instant now = now();
      data.expireDue(now);
      searchAttributes.upsert(Map.of(WacallSearchAttributes.PHONE_NUMBER_ID, phoneNumberId,
          WacallSearchAttributes.PERMISSION_STATUS, data.status().name()));
      if (data.version() != recordedVersion) {
        long version = data.version();
        readModel.recordPermission(view());
        recordedVersion = version;
        continue; // handlers may have run while the activity did
      }
      boolean done = data.nothingLeftToRemember(now);
      if (done && Workflow.isEveryHandlerFinished()) {
        Workflow.setCurrentDetails("Completed: nothing left to remember (" + data.status() + ")");
        return view();
      }
      if (historyTooLong()) {
        Workflow.setCurrentDetails("Continuing as new once every handler has finished");
        Workflow.await(Workflow::isEveryHandlerFinished);
        if (data.version() == recordedVersion) {
          Workflow.continueAsNew(new PermissionInput(phoneNumberId, waId, data, maxHistoryEventsSetting));
        }
        continue;
      }
      Instant deadline = data.nextDeadline();
      Workflow.setCurrentDetails(describe(deadline));
      long seen = data.version();
      if (deadline == null) {
        Workflow.await(() -> data.version() != seen || historyTooLong()
            || (done && Workflow.isEveryHandlerFinished()));
      } else if (deadline.isAfter(now)) {
        Workflow.await(Duration.between(now, deadline), () -> data.version() != seen || historyTooLong()
            || (done && Workflow.isEveryHandlerFinished()));
      }
    }
  }

  @Override
  public void validateRequestPermission(PermissionRequest request) {
    if (request == null) {
      throw ApplicationFailure.newNonRetryableFailure("a request body is required", "InvalidRequest");
    }
    Refusal refusal = data.refusalAt(now());
    if (refusal != null) {
      throw refused(refusal);
    }
  }

  @Override
  public PermissionRequestResult requestPermission(PermissionRequest request) {
    CloudPermission cloud = cloudViewOrNull();
    Instant now = now();
    if (cloud != null) {
      boolean metaGrant = cloud.status() == PermissionStatus.PERMANENT
          || (cloud.status() == PermissionStatus.TEMPORARY
              && (cloud.expiresAt() == null || now.isBefore(cloud.expiresAt())));
      if (metaGrant) {
        if (!data.grantActive(now)) {
          data.adoptGrantFromMeta(cloud.status() == PermissionStatus.PERMANENT, cloud.expiresAt(), now);
        }
        throw refused(new Refusal(Refusal.Reason.GRANT_ACTIVE, null));
      }
      if (!cloud.canSendRequest()) {
        Instant next = cloud.nextRequestAllowedAt() != null ? cloud.nextRequestAllowedAt() : now.plus(META_THROTTLE_FALLBACK);
        throw refused(new Refusal(Refusal.Reason.THROTTLED, next));
      }
    }
    // Checked again: another request may have gone out while Meta was asked.
    Refusal refusal = data.refusalAt(now);
    if (refusal != null) {
      throw refused(refusal);
    }
    data.reserveRequest(now);
    String messageId;
    try {
      messageId = sender.sendPermissionRequest(new SendPermissionRequest(phoneNumberId, waId,
          request.bodyText(), request.templateName(), request.templateLanguage()));
    } catch (ActivityFailure failure) {
      throw notSent(now, failure);
    }
    PendingRequest pending = data.requestSent(messageId, now, request.requestedBy());
    log.info("permission request {} sent for {}", messageId, Workflow.getInfo().getWorkflowId());
    return new PermissionRequestResult(messageId, now, pending.expiresAt(), view());
  }

  @Override
  public void permissionReply(PermissionReply reply) {
    data.applyReply(reply, now());
  }

  @Override
  public void callConnected(CallEvent call) {
    data.applyCallConnected(call, now());
  }

  @Override
  public void callUnanswered(CallEvent call) {
    data.applyCallUnanswered(call, now());
  }

  @Override
  public void requestStatus(RequestDeliveryStatus status) {
    data.applyDeliveryStatus(status, now());
  }

  @Override
  public PermissionView state() {
    return view();
  }

  private ApplicationFailure notSent(Instant reservedAt, ActivityFailure failure) {
    ApplicationFailure cause = failure.getCause() instanceof ApplicationFailure af ? af : null;
    String type = cause != null ? cause.getType() : FailureTypes.CLOUD_API_TRANSIENT;
    String message = cause != null ? cause.getOriginalMessage() : failure.getMessage();
    data.releaseRequest(reservedAt, type + ": " + message, now());
    if (FailureTypes.CLOUD_API_ALREADY_GRANTED.equals(type)) {
      data.adoptGrantFromMeta(true, null, now());
      return refused(new Refusal(Refusal.Reason.GRANT_ACTIVE, null));
    }
    if (FailureTypes.CLOUD_API_THROTTLED.equals(type)) {
      Instant retryAt = retryAt(cause);
      return refused(new Refusal(Refusal.Reason.THROTTLED,
          retryAt != null ? retryAt : reservedAt.plus(META_THROTTLE_FALLBACK)));
    }
    return ApplicationFailure.newNonRetryableFailureWithCause(
        "permission request not sent: " + message, type, failure, cause != null ? detailsOf(cause) : null);
  }

  private static CloudApiErrorDetails detailsOf(ApplicationFailure cause) {
    try {
      return cause.getDetails().getSize() == 0 ? null : cause.getDetails().get(0, CloudApiErrorDetails.class);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static Instant retryAt(ApplicationFailure cause) {
    CloudApiErrorDetails details = detailsOf(cause);
    return details == null ? null : details.retryAt();
  }

  private ApplicationFailure refused(Refusal refusal) {
    PermissionView state = view();
    if (refusal.reason() == Refusal.Reason.GRANT_ACTIVE) {
      return ApplicationFailure.newNonRetryableFailure(
          "a grant is active (" + state.status() + "): no request is needed",
          FailureTypes.PERMISSION_GRANT_ACTIVE, new Refused("GRANT_ACTIVE", null, state));
    }
    return ApplicationFailure.newNonRetryableFailure(
        "request limit reached (1 per 24 h, 2 per 7 days); next request allowed at " + refusal.nextAllowedAt(),
        FailureTypes.PERMISSION_REQUEST_THROTTLED, new Refused("THROTTLED", refusal.nextAllowedAt(), state));
  }

  private CloudPermission cloudViewOrNull() {
    try {
      return cloudView.fetchCloudPermission(phoneNumberId, waId);
    } catch (ActivityFailure unavailable) {
      // Meta's view is a cross-check, not a precondition: our own rules still apply.
      log.warn("call_permissions lookup failed, relying on local state: {}", unavailable.getMessage());
      return null;
    }
  }

  private boolean historyTooLong() {
    return Workflow.getInfo().isContinueAsNewSuggested() || Workflow.getInfo().getHistoryLength() > maxHistoryEvents;
  }

  private String describe(Instant deadline) {
    PermissionView v = view();
    StringBuilder s = new StringBuilder(v.status().name());
    if (v.expiresAt() != null) {
      s.append(" until ").append(v.expiresAt());
    }
    if (v.pendingRequest() != null) {
      s.append("; request ").append(v.pendingRequest().deliveryStatus().name().toLowerCase())
          .append(", lapses at ").append(v.pendingRequest().expiresAt());
    }
    s.append("; ").append(v.requestLog().size()).append(" request(s) in the 7-day window");
    if (v.consecutiveUnanswered() > 0) {
      s.append("; ").append(v.consecutiveUnanswered()).append(" unanswered call(s) in a row");
    }
    s.append(deadline == null ? "; waiting for replies and calls" : "; next timer at " + deadline);
    return s.toString();
  }

  private PermissionView view() {
    return data.view(phoneNumberId, waId, now());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
