package io.wacall.workflows.permission;

import io.wacall.workflows.common.DeadlineWait;
import io.wacall.workflows.common.SearchAttributeUpserter;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.workflows.permission.PermissionActivities.CloudPermission;
import io.wacall.workflows.permission.PermissionActivities.RecordedPermission;
import io.wacall.workflows.permission.PermissionActivities.SendPermissionRequest;
import io.wacall.workflows.permission.PermissionData.Refusal;
import io.wacall.workflows.permission.PermissionData.ReplyOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;

import static io.wacall.workflows.common.DeadlineWait.now;

/**
 * CallPermission as it ran before the action budget ({@link CallPermissionWorkflowImpl#ACTION_BUDGET_CHANGE}):
 * today's code of the runs recorded before it, frozen so that they replay, and those still open
 * finish, exactly as they ran. Do not change what it does; new behaviour goes to
 * {@link CallPermissionRunInBudget}.
 *
 * <p>The main loop applies timers, writes the read model ({@code RecordPermission}, an activity)
 * after every change, upserts the status search attribute on every change, continues as new when
 * the history grows, and completes when nothing is left to remember. A fresh run loads the pair's
 * last record ({@code LoadPermissionRecord}) before any handler changes anything; runs recorded
 * before that rule ({@link CallPermissionWorkflowImpl#REPLY_FLOOR_CHANGE}) replay without it, and
 * runs recorded before one timer per deadline ({@link DeadlineWait#CHANGE_ID}) with a timer per
 * wake-up.
 */
final class CallPermissionRunBeforeBudget implements PermissionRun {
  private static final Logger log = Workflow.getLogger(CallPermissionWorkflowImpl.class);

  private final String phoneNumberId;
  private final String waId;
  private final Integer maxHistoryEventsSetting;
  private final int maxHistoryEvents;
  private final PermissionData data;
  private long recordedVersion;
  /** True when the run started afresh, false when it continues a run (continue-as-new). */
  private final boolean fresh;
  /** Whether this run follows {@link CallPermissionWorkflowImpl#REPLY_FLOOR_CHANGE}; decided once, see {@link #replyFloor()}. */
  private Boolean replyFloor;
  /** Whether the state a fresh run starts from is known (always, for a continued run). */
  private boolean seeded;
  private final SearchAttributeUpserter searchAttributes = new SearchAttributeUpserter();
  /** The main loop's waits: one timer per deadline (see {@link DeadlineWait}). */
  private final DeadlineWait waits = new DeadlineWait();

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

  CallPermissionRunBeforeBudget(Context context) {
    this.phoneNumberId = context.phoneNumberId();
    this.waId = context.waId();
    this.maxHistoryEventsSetting = context.maxHistoryEventsSetting();
    this.maxHistoryEvents = context.maxHistoryEvents();
    this.data = context.data();
    this.fresh = context.fresh();
    // a carried state was recorded by the previous run before it continued as new
    this.recordedVersion = fresh ? -1 : data.version();
    this.seeded = !fresh;
  }

  @Override
  public PermissionView run() {
    searchAttributes.decide();
    waits.decide();
    if (replyFloor() && fresh) {
      RecordedPermission recorded = readModel.loadPermissionRecord(phoneNumberId, waId);
      if (recorded != null) {
        data.seed(recorded.status(), recorded.lastChangeAt(), now());
      }
    }
    seeded = true;
    // the same change ID that waits.decide() asked: the SDK answers it from the one marker
    boolean oneTimerPerDeadline = Workflow.getVersion(DeadlineWait.CHANGE_ID, Workflow.DEFAULT_VERSION, 1)
        != Workflow.DEFAULT_VERSION;
    return oneTimerPerDeadline ? mainLoop() : mainLoopBeforeDeadlineTimer();
  }

  /**
   * Applies the deadlines, records every change, completes when nothing is left to remember and
   * continues as new when the history grows; waits on one timer per deadline ({@link DeadlineWait}).
   */
  private PermissionView mainLoop() {
    DeadlineWait.Recorder recorder = new DeadlineWait.Recorder() {
      @Override
      public void recordIfChanged() {
        while (true) {
          data.expireDue(now());
          searchAttributes.upsert(Map.of(WacallSearchAttributes.PHONE_NUMBER_ID, phoneNumberId,
              WacallSearchAttributes.PERMISSION_STATUS, data.status().name()));
          if (data.version() == recordedVersion) {
            Workflow.setCurrentDetails(describe(data.nextDeadline()));
            return;
          }
          long version = data.version();
          readModel.recordPermission(view());
          recordedVersion = version; // handlers may have run while the activity did: check again
        }
      }

      @Override
      public long version() {
        return data.version();
      }
    };
    while (true) {
      // false: a deadline passed; the recorder applies it on the next round
      if (!waits.recordThenAwait(data::nextDeadline, () -> finished() || historyTooLong(), recorder)) {
        continue;
      }
      if (finished()) {
        Workflow.setCurrentDetails("Completed: nothing left to remember (" + data.status() + ")");
        return view();
      }
      Workflow.setCurrentDetails("Continuing as new once every handler has finished");
      Workflow.await(Workflow::isEveryHandlerFinished);
      if (data.version() == recordedVersion) {
        Workflow.continueAsNew(new PermissionInput(phoneNumberId, waId, CarriedState.write(data), maxHistoryEventsSetting));
      }
    }
  }

  /** Nothing left to remember, and no handler running: the run may complete. */
  private boolean finished() {
    return data.nothingLeftToRemember(now()) && Workflow.isEveryHandlerFinished();
  }

  /** {@link #mainLoop()} of runs recorded before {@link DeadlineWait#CHANGE_ID}: a new timer per wake-up. */
  private PermissionView mainLoopBeforeDeadlineTimer() {
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
          Workflow.continueAsNew(new PermissionInput(phoneNumberId, waId, CarriedState.write(data), maxHistoryEventsSetting));
        }
        continue;
      }
      Instant deadline = data.nextDeadline();
      Workflow.setCurrentDetails(describe(deadline));
      long seen = data.version();
      if (deadline == null || deadline.isAfter(now)) {
        waits.await(deadline, () -> data.version() != seen || historyTooLong()
            || (done && Workflow.isEveryHandlerFinished()));
      }
    }
  }

  @Override
  public PermissionRequestResult requestPermission(PermissionRequest request) {
    awaitSeed();
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
        Instant next = cloud.nextRequestAllowedAt() != null ? cloud.nextRequestAllowedAt() : now.plus(CallPermissionWorkflowImpl.META_THROTTLE_FALLBACK);
        throw refused(new Refusal(Refusal.Reason.THROTTLED, next));
      }
    }
    // Checked again: another request may have gone out while Meta was asked.
    data.applyLimits(request.limits()); // the number's limits, from this request on
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
    awaitSeed();
    if (data.applyReply(reply, now(), replyFloor()) == ReplyOutcome.STALE) {
      log.info("stale permission reply {} of {} ignored by {}: the pair last changed at {}", reply.messageId(),
          reply.timestamp(), Workflow.getInfo().getWorkflowId(), data.lastChangeAt());
      Workflow.getMetricsScope().counter(CallPermissionWorkflowImpl.STALE_REPLIES_METRIC).inc(1);
    }
  }

  @Override
  public void callConnected(CallEvent call) {
    awaitSeed();
    data.applyCallConnected(call, now());
  }

  @Override
  public void callUnanswered(CallEvent call) {
    awaitSeed();
    data.applyCallUnanswered(call, now());
  }

  @Override
  public void requestStatus(RequestDeliveryStatus status) {
    awaitSeed();
    data.applyDeliveryStatus(status, now());
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
          retryAt != null ? retryAt : reservedAt.plus(CallPermissionWorkflowImpl.META_THROTTLE_FALLBACK)));
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

  /**
   * Whether this run follows {@link CallPermissionWorkflowImpl#REPLY_FLOOR_CHANGE}, asked of {@code Workflow.getVersion} once
   * per run by whoever needs it first: {@link #run} right at its start, or a handler of the first
   * workflow task, which a signal- or update-with-start runs before {@code run} begins. Either way
   * the same code asks at the same point on replay; a run recorded before the change has no marker
   * and replays as it ran. A run that started before the change is replayed from its start by a
   * worker with this code, so its first asking is always in replay.
   */
  private boolean replyFloor() {
    if (replyFloor == null) {
      replyFloor = Workflow.getVersion(CallPermissionWorkflowImpl.REPLY_FLOOR_CHANGE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    }
    return replyFloor;
  }

  /** A handler changes nothing before a fresh run knows what the pair went through before it. */
  private void awaitSeed() {
    if (replyFloor()) {
      Workflow.await(() -> seeded);
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
}
