package io.wacall.workflows.permission;

import static io.wacall.contract.permission.view.PermissionStatus.EXPIRED;
import static io.wacall.workflows.common.DeadlineWait.now;

import io.temporal.activity.ActivityOptions;
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
import io.wacall.workflows.permission.PermissionActivities.PlaceRequest;
import io.wacall.workflows.permission.PermissionActivities.PlacedRequest;
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
 * accept and one connected call cost 9 ({@code ActionBudgetPermissionTest}; 18-19 before): the
 * update-with-start (2) and the two signals (2), the request's one activity (1), the grant shown
 * to operators and to lists (2: an upsert, a write), and two timers (the request's 7 days, then
 * the grant's).
 *
 * <ul>
 *   <li><b>A request is one activity</b>, {@code PlacePermissionRequest}: the pair's record that a
 *       fresh run starts from (until then four activities ran: {@code LoadPermissionRecord},
 *       {@code FetchCloudPermission}, {@code SendPermissionRequest}, {@code RecordPermission}),
 *       Meta's {@code GET call_permissions} where the request asks it anyway, the send, and the
 *       write of the pending request once Meta has accepted the message. The send stays an
 *       activity, not a local activity: its result is recorded by the server as soon as Meta
 *       answers, so no retried workflow task sends the message twice. A failed write does not fail
 *       the activity (a retry would send again); the main loop writes the row instead. The slot is
 *       reserved before the activity, and given back if Meta's view stops the request.</li>
 *   <li><b>The read model is written when what it shows changes, not on every event.</b> The API
 *       answers a running pair from the run's query and reads {@code call_permissions} only for
 *       lists and ended runs (and the webhook adapter and the next run read its status and last
 *       change). So the run writes when the status, the grant, the pending request or the last
 *       change would read differently ({@link ReadModelRow#headline()}), and once more when it ends
 *       if anything the row keeps would; not for a delivery status, a connected call or an
 *       unanswered call that does not revoke. The read model shows a temporary grant past its
 *       expiry as {@code EXPIRED} ({@link PermissionRules#grantLapsed}, as the API already did for
 *       a single pair), so a grant that lapses needs no write at all.</li>
 *   <li><b>No local activities.</b> All the local activities of one workflow task would cost one
 *       action, but with the request in one activity no workflow task has two reads or writes to
 *       share one: a write alone costs the same as a local activity or an activity. And the SDK
 *       records a local activity's marker (its id, type and time) outside the payload codec, in the
 *       clear, where every payload of an activity is encrypted ({@code EncryptedHistoryCodecTest}).</li>
 *   <li><b>Search attributes come with the start, and are upserted only when the status changes in
 *       a way that matters.</b> The API starts the run with the business number and
 *       {@code PENDING} ({@link PermissionStartAttributes}), the request it carries; the run
 *       upserts what is missing or different, except that a run closing on {@code EXPIRED} (a
 *       grant or request that ran out, nothing left) does not: it closes in the same workflow task,
 *       and for a closed run its result, the read model and the API say {@code EXPIRED}; an
 *       operator looks for live pairs among running ones.</li>
 *   <li><b>One timer per deadline</b> ({@link DeadlineWait#withOneTimerPerDeadline()}); see
 *       {@link #await} for a timer that is due when its deadline moves.</li>
 * </ul>
 *
 * <p>A run started by a signal seeds with the activity {@code LoadPermissionRecord}, as before.
 * Until it is done, a query of the fresh run answers the state before its first event (the query
 * that follows a signal-with-start can see {@code NONE}: wait for what the signal changes); a run
 * started by a request has its seed with the request, and the answer to the update shows both.
 *
 * <p>Deterministic: time from {@link Workflow#currentTimeMillis()}, all I/O in activities.
 */
final class CallPermissionRunInBudget implements PermissionRun {
  private static final Logger log = Workflow.getLogger(CallPermissionWorkflowImpl.class);
  /** The placeholder of the wamid in the pending state handed to the request's activity. */
  private static final String PENDING_MESSAGE_ID = "wamid.pending";

  /**
   * The {@code Workflow.getVersion} change ID of a declined request lapsing 7 days after the decline
   * ({@link PermissionData#declinedRequestLapsesFrom}): asked only when a decline applied leaves a
   * request pending. Runs recorded before let it lapse 7 days after the send.
   */
  static final String DECLINE_LAPSE_CHANGE = "declined-request-lapse";

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
  /** The read model's writes, and the seed of a request's run whose activity failed. */
  private final PermissionActivities readModel = Workflow.newActivityStub(PermissionActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
          .build());
  /** A request: the pair's record (a fresh run), Meta's view, the send and the pending request's write. */
  private final PermissionActivities requester = Workflow.newActivityStub(PermissionActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
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
   * is due, and the server may be firing it while this workflow task runs: it is left to fire,
   * unheeded, rather than cancelled, and the new deadline gets a timer of its own. (Temporal's
   * server settles a cancel that races a fire; the SDK's test server fails the workflow task.)
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

  /** The run records once it knows its seed and no handler is halfway (a request waiting for its activity). */
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
    // the first act of a fresh run: the request's activity loads the pair's record too
    boolean seedWithRequest = !seedStarted;
    if (seedWithRequest) {
      seedStarted = true;
    } else {
      awaitSeed();
    }
    Instant now = now();
    // Checked again: another request may have gone out since the validator ran. (A fresh run's
    // seed cannot change the answer: it never grants, and a fresh run has sent nothing.)
    data.applyLimits(request.limits()); // the number's limits, from this request on
    Refusal refusal = data.refusalAt(now);
    if (refusal != null) {
      seedIfMissing(seedWithRequest);
      throw refused(refusal);
    }
    data.reserveRequest(now);
    PlaceRequest place = new PlaceRequest(new SendPermissionRequest(phoneNumberId, waId, request.bodyText(),
        request.templateName(), request.templateLanguage()), now, seedWithRequest,
        pendingAfterSending(now, request.requestedBy()));
    PlacedRequest placed;
    try {
      placed = requester.placePermissionRequest(place);
    } catch (ActivityFailure failure) {
      seedIfMissing(seedWithRequest); // the activity's record went with it
      throw notSent(now, failure);
    }
    if (seedWithRequest) {
      applySeed(placed.recorded());
    }
    CloudPermission cloud = placed.cloud();
    if (cloud == null) {
      // Meta's view is a cross-check, not a precondition: our own rules decided.
      log.warn("call_permissions lookup failed for {}, relying on local state", Workflow.getInfo().getWorkflowId());
    }
    if (placed.sentUnconfirmed()) {
      return sentUnconfirmed(now, request.requestedBy(), placed);
    }
    if (placed.messageId() == null) {
      data.cancelReservation(now);
      if (cloud != null && cloud.grantsAt(now)) {
        if (!data.grantActive(now)) {
          data.adoptGrantFromMeta(cloud.status() == PermissionStatus.PERMANENT, cloud.expiresAt(), now);
        }
        throw refused(new Refusal(Refusal.Reason.GRANT_ACTIVE, null));
      }
      Instant next = cloud != null && cloud.nextRequestAllowedAt() != null ? cloud.nextRequestAllowedAt()
          : now.plus(CallPermissionWorkflowImpl.META_THROTTLE_FALLBACK);
      throw refused(new Refusal(Refusal.Reason.THROTTLED, next));
    }
    PendingRequest sent = data.requestSent(placed.messageId(), now, request.requestedBy());
    if (placed.pendingRecorded()) {
      written = ReadModelRow.of(place.pendingSent(placed.messageId()));
    }
    log.info("permission request {} sent for {}", placed.messageId(), Workflow.getInfo().getWorkflowId());
    return new PermissionRequestResult(placed.messageId(), now, sent.expiresAt(), view());
  }

  /**
   * The request reserved at {@code now} may have reached Meta, but no wamid came back (issue 10,
   * bug 2): it is never sent again. It is pending with no message id and its slot stays counted
   * ({@link PermissionData#requestUnconfirmed}); a reply naming it, or a status carrying wacall's
   * callback data, confirms it (the webhook adapter routes those), else it lapses unanswered in 7
   * days. Meta's view after the send is a cross-check: a grant it shows is adopted, and whether it
   * still allows a request goes on the audit trail. The update answers with a null message id.
   *
   * <p>No versioning needed: only a run whose activity answered {@code unconfirmed} takes this
   * path, and no run recorded before the field existed has such an answer in its history.
   */
  private PermissionRequestResult sentUnconfirmed(Instant now, String requestedBy, PlacedRequest placed) {
    log.warn("permission request for {} may have reached Meta ({}): pending, unconfirmed; not sent again",
        Workflow.getInfo().getWorkflowId(), placed.unconfirmed());
    PendingRequest pending = data.requestUnconfirmed(now, requestedBy, placed.unconfirmed());
    CloudPermission cloud = placed.cloud();
    if (cloud != null && cloud.grantsAt(now)) {
      data.adoptGrantFromMeta(cloud.status() == PermissionStatus.PERMANENT, cloud.expiresAt(), now);
    } else if (cloud != null) {
      data.note(now, "request unconfirmed: Meta's call_permissions", cloud.canSendRequest()
          ? "Meta still allows a request: ours may not have arrived (it lapses unanswered, or a reply confirms it)"
          : "Meta allows no request before " + cloud.nextRequestAllowedAt() + ": it most likely counted ours");
    }
    return new PermissionRequestResult(null, now, pending.expiresAt(), view());
  }

  /**
   * The pair's state as it will be once the request reserved at {@code now} is sent, as the read
   * model is to show it (the request's activity writes it after Meta accepted the message, with
   * Meta's wamid for the placeholder; a fresh run's seed, not known yet, changes nothing it shows:
   * it never grants, and the request's instant is the pair's last change).
   */
  private PermissionView pendingAfterSending(Instant now, String requestedBy) {
    PermissionData after = CarriedState.read(CarriedState.write(data));
    after.requestSent(PENDING_MESSAGE_ID, now, requestedBy);
    return after.view(phoneNumberId, waId, now);
  }

  /** A fresh run whose request failed before its activity answered loads its seed on its own. */
  private void seedIfMissing(boolean seedWithRequest) {
    if (seedWithRequest) {
      applySeed(readModel.loadPermissionRecord(phoneNumberId, waId));
    }
  }

  @Override
  public void permissionReply(PermissionReply reply) {
    awaitSeed();
    ReplyOutcome outcome = data.applyReply(reply, now(), true);
    if (outcome == ReplyOutcome.APPLIED && data.status() == PermissionStatus.DECLINED && data.pending() != null
        && Workflow.getVersion(DECLINE_LAPSE_CHANGE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
      // Meta: a declined request lapses 7 days after the answer (before: 7 days after the send)
      data.declinedRequestLapsesFrom(reply.timestamp());
    }
    if (outcome == ReplyOutcome.STALE) {
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
