package io.wacall.workflows.permission;

import static io.wacall.contract.permission.view.PermissionStatus.EXPIRED;
import static io.wacall.workflows.common.DeadlineWait.now;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.common.DeadlineWait;
import io.wacall.workflows.permission.PermissionActivities.CloudPermission;
import io.wacall.workflows.permission.PermissionActivities.RecordedPermission;
import io.wacall.workflows.permission.PermissionActivities.SendPermissionRequest;
import io.wacall.workflows.permission.PermissionData.Refusal;
import io.wacall.workflows.permission.PermissionData.ReplyOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * CallPermission since the action budget ({@link CallPermissionWorkflowImpl#ACTION_BUDGET_CHANGE}):
 * the same rules and handlers as before, for fewer billable actions. A request, the customer's
 * accept and one connected call cost 9 ({@code ActionBudgetPermissionTest}; 19 before): the
 * update-with-start (2) and the two signals (2), all the request's work in one workflow task (1),
 * the grant shown to operators and lists (2: an upsert, a write), and two timers (the request's
 * 7 days, then the grant's).
 *
 * <ul>
 *   <li><b>A request's work is local activities in the request's workflow task.</b> A fresh run's
 *       seed ({@code LoadPermissionRecord}), Meta's {@code GET call_permissions}
 *       ({@code FetchCloudPermission}), the send ({@code SendPermissionRequest}) and the write of
 *       the pending request ({@code RecordPermission}) run as local activities, one after the
 *       other, while the update's workflow task is open; Temporal bills all the local activities of
 *       one workflow task as one action, so the seed and Meta's lookup need not be folded into one
 *       activity to cost one. The activity types are the same as before (old runs still schedule
 *       them as activities), so the worker registers nothing new. A local activity is at least
 *       once, like an activity: a worker that dies between Meta's accepting the message and the end
 *       of the workflow task would send it again on the next attempt, a window no wider than an
 *       activity's between Meta's answer and the server's recording it. Meta refuses a second
 *       request within 24 h, so a duplicate shows up as a refusal, never as two messages within
 *       Meta's limit.</li>
 *   <li><b>The read model is written when what it shows changes, not on every event.</b> The API
 *       answers a running pair from the run's query and reads {@code call_permissions} only for
 *       lists and ended runs (and the webhook adapter and the next run read its status and last
 *       change). So the run writes when the status, the grant, the pending request or the last
 *       change would read differently ({@link ReadModelRow#headline()}), and once more when it ends
 *       if anything the row keeps would; not for a delivery status, a connected call or an
 *       unanswered call that does not revoke. The read model shows a temporary grant past its
 *       expiry as {@code EXPIRED} ({@link PermissionRules#grantLapsed}, as the API already did for
 *       a single pair), so a grant that lapses needs no write at all. Writes are local activities
 *       (short database writes; several in one workflow task cost one).</li>
 *   <li><b>Search attributes come with the start, and are upserted only when the status changes in
 *       a way that matters.</b> The API starts the run with the business number and
 *       {@code PENDING} ({@link PermissionStartAttributes}), the request it carries; the run
 *       upserts what is missing or different, except that a run closing on {@code EXPIRED} (a
 *       grant or request that ran out, nothing left) does not: it closes in the same workflow task,
 *       and for a closed run its result, the read model and the API say {@code EXPIRED}; an
 *       operator looks for live pairs among running ones.</li>
 *   <li><b>One timer per deadline</b> ({@link DeadlineWait.withOneTimerPerDeadline()}).</li>
 * </ul>
 *
 * <p>A run started by a signal seeds with the activity {@code LoadPermissionRecord}, as before:
 * nothing else runs in its first workflow task to share a local activity's action with, and an
 * activity retries on the server's schedule for as long as the database is down. Until it is done,
 * a query of the fresh run answers the state before its first event (the query that follows a
 * signal-with-start can see {@code NONE}); a run started by a request has its seed, the request and
 * its write in its first workflow task, so the answer to the update already shows them all.
 *
 * <p>Deterministic: time from {@link Workflow#currentTimeMillis()}, all I/O in activities.
 */
final class CallPermissionRunInBudget implements PermissionRun {
  private static final Logger log = Workflow.getLogger(CallPermissionWorkflowImpl.class);

  private final String phoneNumberId;
  private final String waId;
  private final Integer maxHistoryEventsSetting;
  private final int maxHistoryEvents;
  private final PermissionData data;
  /** Whether someone started loading the seed of a fresh run (always, for a continued run). */
  private boolean seedStarted;
  /** Whether the state a fresh run starts from is known (always, for a continued run). */
  private boolean seeded;
  /** What this run last wrote to the read model; null while it wrote nothing. */
  private ReadModelRow written;
  /** The run's status search attribute as it stands (from the start options, then the upserts); null when unset. */
  private String statusAttribute;
  /** Whether the run's business-number search attribute is set. */
  private boolean phoneAttribute;
  /** The main loop's waits: one timer per deadline (see {@link #await}). */
  private DeadlineWait waits = DeadlineWait.withOneTimerPerDeadline();
  /** The deadline the main loop last waited on; null: none. */
  private Instant waitedFor;

  /** A signal-started run's seed: an activity (see the class comment). */
  private final PermissionActivities seedLoader = Workflow.newActivityStub(PermissionActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
          .build());
  /** The read model: the seed of a request's run, and every write. */
  private final PermissionActivities readModel = Workflow.newLocalActivityStub(PermissionActivities.class,
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
          .build());
  private final PermissionActivities cloudView = Workflow.newLocalActivityStub(PermissionActivities.class,
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
          .build());
  private final PermissionActivities sender = Workflow.newLocalActivityStub(PermissionActivities.class,
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(1))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofSeconds(10))
              .setMaximumAttempts(5)
              .build())
          .build());

  CallPermissionRunInBudget(Context context) {
    this.phoneNumberId = context.phoneNumberId();
    this.waId = context.waId();
    this.maxHistoryEventsSetting = context.maxHistoryEventsSetting();
    this.maxHistoryEvents = context.maxHistoryEvents();
    this.data = context.data();
    if (!context.fresh()) {
      // the previous run left the read model showing the state it carried over
      seedStarted = true;
      seeded = true;
      written = ReadModelRow.of(view());
    }
    SearchAttributes attributes = Workflow.getTypedSearchAttributes();
    statusAttribute = attributes.get(WacallSearchAttributes.PERMISSION_STATUS);
    phoneAttribute = phoneNumberId.equals(attributes.get(WacallSearchAttributes.PHONE_NUMBER_ID));
  }

  @Override
  public PermissionView run() {
    if (!seedStarted) {
      seedStarted = true;
      applySeed(seedLoader.loadPermissionRecord(phoneNumberId, waId));
    }
    Workflow.await(() -> seeded);
    return mainLoop();
  }

  /**
   * Applies the deadlines, records what changed (see the class comment), completes when nothing is
   * left to remember and continues as new when the history grows; waits on one timer per deadline.
   */
  private PermissionView mainLoop() {
    while (true) {
      record();
      if (finished()) {
        Workflow.setCurrentDetails("Completed: nothing left to remember (" + data.status() + ")");
        return view();
      }
      if (historyTooLong()) {
        Workflow.setCurrentDetails("Continuing as new once every handler has finished");
        Workflow.await(Workflow::isEveryHandlerFinished);
        if (!recordDue()) {
          Workflow.continueAsNew(ContinueAsNewOptions.newBuilder().setTypedSearchAttributes(attributes()).build(),
              new PermissionInput(phoneNumberId, waId, CarriedState.write(data), maxHistoryEventsSetting));
        }
        continue;
      }
      Instant deadline = data.nextDeadline();
      if (deadline != null && !now().isBefore(deadline)) {
        continue; // due: record() applies it
      }
      long seen = data.version();
      await(deadline, () -> finished() || historyTooLong() || data.version() != seen || recordDue());
    }
  }

  /**
   * Waits until {@code wake} holds or {@code deadline} passes, on the deadline's one timer
   * ({@link DeadlineWait}). When the deadline waited on last has passed in workflow time, its timer
   * is due, and the server may be firing it while this workflow task runs (a task with local
   * activities runs for a while): it is left to fire, unheeded, rather than cancelled, and the new
   * deadline gets a timer of its own. (Temporal's server settles a cancel that races a fire; the
   * SDK's test server does not.)
   */
  private void await(Instant deadline, Supplier<Boolean> wake) {
    if (waitedFor != null && !now().isBefore(waitedFor) && !waitedFor.equals(deadline)) {
      waits = DeadlineWait.withOneTimerPerDeadline();
    }
    waitedFor = deadline;
    waits.await(deadline, wake);
  }

  /** Whether an upsert or a write is due and may be made now. */
  private boolean recordDue() {
    return recordable() && (upsertDue() || writeDue());
  }

  /** Applies the deadlines due, then upserts and writes what is due, until nothing is. */
  private void record() {
    while (true) {
      data.expireDue(now());
      if (recordable()) {
        if (upsertDue()) {
          upsert();
        }
        if (writeDue()) {
          PermissionView snapshot = view();
          readModel.recordPermission(snapshot);
          written = ReadModelRow.of(snapshot);
          continue; // handlers may have run while the write did: check again
        }
      }
      Workflow.setCurrentDetails(describe(data.nextDeadline()));
      return;
    }
  }

  /** The run records once it knows its seed and no handler is halfway (a request between its local activities). */
  private boolean recordable() {
    return seeded && Workflow.isEveryHandlerFinished();
  }

  /** Whether the search attributes miss the business number, or show a status that matters and is not the run's. */
  private boolean upsertDue() {
    if (!phoneAttribute) {
      return true;
    }
    PermissionStatus status = data.status();
    return !status.name().equals(statusAttribute) && !(status == EXPIRED && finished());
  }

  private void upsert() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    if (!phoneAttribute) {
      updates.add(WacallSearchAttributes.PHONE_NUMBER_ID.valueSet(phoneNumberId));
      phoneAttribute = true;
    }
    String status = data.status().name();
    if (!status.equals(statusAttribute)) {
      updates.add(WacallSearchAttributes.PERMISSION_STATUS.valueSet(status));
      statusAttribute = status;
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
  }

  /** The run's search attributes, handed to the next run by continue-as-new. */
  private SearchAttributes attributes() {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder()
        .set(WacallSearchAttributes.PHONE_NUMBER_ID, phoneNumberId);
    if (statusAttribute != null) {
      attributes.set(WacallSearchAttributes.PERMISSION_STATUS, statusAttribute);
    }
    return attributes.build();
  }

  /**
   * Whether a write would change what the read model shows: its headline while the run goes on,
   * anything it keeps when the run ends (completes or continues as new). Both sides are read as
   * the read model reads them now ({@link ReadModelRow#readAt}).
   */
  private boolean writeDue() {
    if (written == null) {
      return true;
    }
    Instant now = now();
    ReadModelRow shown = written.readAt(now);
    ReadModelRow current = ReadModelRow.of(view()).readAt(now);
    if (finished() || historyTooLong()) {
      return !shown.equals(current);
    }
    return !shown.headline().equals(current.headline());
  }

  /** Nothing left to remember, and no handler running: the run may complete. */
  private boolean finished() {
    return data.nothingLeftToRemember(now()) && Workflow.isEveryHandlerFinished();
  }

  @Override
  public PermissionRequestResult requestPermission(PermissionRequest request) {
    if (!seedStarted) {
      // the first thing of a fresh run: the seed joins the request's local activities
      seedStarted = true;
      applySeed(readModel.loadPermissionRecord(phoneNumberId, waId));
    }
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
        Instant next = cloud.nextRequestAllowedAt() != null ? cloud.nextRequestAllowedAt()
            : now.plus(CallPermissionWorkflowImpl.META_THROTTLE_FALLBACK);
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
    awaitSeed();
    if (data.applyReply(reply, now(), true) == ReplyOutcome.STALE) {
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

  private void applySeed(RecordedPermission recorded) {
    if (recorded != null) {
      data.seed(recorded.status(), recorded.lastChangeAt(), now());
    }
    seeded = true;
  }

  /** A handler changes nothing before a fresh run knows what the pair went through before it. */
  private void awaitSeed() {
    Workflow.await(() -> seeded);
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
      Instant retryAt = PermissionFailures.retryAt(cause);
      return refused(new Refusal(Refusal.Reason.THROTTLED,
          retryAt != null ? retryAt : reservedAt.plus(CallPermissionWorkflowImpl.META_THROTTLE_FALLBACK)));
    }
    return ApplicationFailure.newNonRetryableFailureWithCause("permission request not sent: " + message, type,
        failure, cause != null ? PermissionFailures.detailsOf(cause) : null);
  }

  private ApplicationFailure refused(Refusal refusal) {
    return PermissionFailures.refused(refusal, view());
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
    return CallPermissionWorkflowImpl.describe(view(), deadline);
  }

  private PermissionView view() {
    return data.view(phoneNumberId, waId, now());
  }
}
