package io.wacall.workflows.call.legacy;

import io.wacall.workflows.call.CallCloudApiActivities;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.ConversationEvent;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.workflows.call.Routing;
import io.wacall.workflows.common.DeadlineWait;
import io.wacall.workflows.common.SearchAttributeUpserter;
import io.wacall.contract.call.CallWorkflow;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.Disposition;
import io.wacall.contract.call.view.Ringing;
import io.wacall.contract.failure.CallRefusal;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WacallSearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What both call workflows share: the state object, the activity stubs and their retry policies,
 * the handlers that do not depend on the direction (webhooks, hang-up, disposition, query), the
 * main-loop helpers that write the read model after every change, and the ending (conversation
 * line, ledger row, wrap-up). Deterministic: time from {@link Workflow#currentTimeMillis()}, all
 * I/O through activities.
 */
public abstract class LegacyCallWorkflowBase implements CallWorkflow {
  /** Meta's terminate webhook follows our terminate within seconds; past this the call's length is estimated. */
  static final Duration TERMINATE_WEBHOOK_GRACE = Duration.ofMinutes(2);
  /** Meta sets no call-duration limit (docs/meta-cloud-api.md#ringing-and-call-length), but a lost terminate webhook must not keep a run open forever. */
  static final Duration MAX_CALL_DURATION = Duration.ofHours(8);
  /** Notes travel in every later snapshot of the call: a wrap-up note, not a transcript. */
  static final int MAX_NOTE_LENGTH = 2_000;

  private static final Logger log = Workflow.getLogger(LegacyCallWorkflowBase.class);

  protected final LegacyCallState state;
  /** Read once at the start: a directory change applies to the next call. */
  protected Routing routing = Routing.unavailable();
  private long recordedVersion = -1;
  private final SearchAttributeUpserter searchAttributes = new SearchAttributeUpserter();
  /** The main loop's waits: one timer per deadline (see {@link DeadlineWait}). */
  private final DeadlineWait waits = new DeadlineWait();
  private final DeadlineWait.Recorder recorder = new DeadlineWait.Recorder() {
    @Override
    public void recordIfChanged() {
      LegacyCallWorkflowBase.this.recordIfChanged();
    }

    @Override
    public long version() {
      return state.version();
    }

    @Override
    public boolean recordDue() {
      return LegacyCallWorkflowBase.this.recordDue();
    }
  };
  private Promise<Void> recording;
  private final List<Promise<Void>> sideEffects = new ArrayList<>();

  /** Directory read: the caller is waiting, so a few quick attempts, then the defaults. */
  protected final CallDirectoryActivities directory = stub(CallDirectoryActivities.class, Duration.ofSeconds(5), 3,
      Duration.ofSeconds(1));
  /** Ringing an agent: time-critical; an agent we cannot reach is skipped. */
  protected final LegacyCallActivities ringer = stub(Duration.ofSeconds(5), 2, Duration.ofSeconds(1));
  /** pre_accept sets up ICE/DTLS and may be repeated; accept is run once and the workflow decides. */
  protected final LegacyCallActivities preAcceptApi = stub(Duration.ofSeconds(10), 2, Duration.ofSeconds(1));
  protected final LegacyCallActivities acceptApi = stub(Duration.ofSeconds(10), 1, Duration.ofSeconds(1));
  /** Never retried: a connect that may have reached Meta may have rung the customer. */
  protected final LegacyCallActivities connectApi = stub(Duration.ofSeconds(15), 1, Duration.ofSeconds(1));
  /** reject, terminate, stopRinging: repeatable, worth a few tries, never worth blocking the call on. */
  protected final LegacyCallActivities cleanupApi = stub(Duration.ofSeconds(10), 5, Duration.ofSeconds(5));
  protected final CallCloudApiActivities cleanupCloudApi = stub(CallCloudApiActivities.class, Duration.ofSeconds(10), 5,
      Duration.ofSeconds(5));
  /** The pre-connect checks: the API request is waiting. */
  protected final CallDirectoryActivities checker = stub(CallDirectoryActivities.class, Duration.ofSeconds(10), 3,
      Duration.ofSeconds(2));
  /** Read model, conversation log, CallPermission, ledger: must happen, whatever the outage. */
  protected final LegacyCallActivities durable = stub(Duration.ofSeconds(10), 0, Duration.ofMinutes(1));

  protected LegacyCallWorkflowBase(LegacyCallState state) {
    this.state = state;
    LegacyCallWorkflowBase run = this;
    Workflow.registerListener(new LegacyDisposition() {
      @Override
      public CallView setDisposition(DispositionRequest request) {
        return run.setDisposition(request);
      }

      @Override
      public void validateSetDisposition(DispositionRequest request) {
        run.validateSetDisposition(request);
      }
    });
  }

  // --- handlers shared by both directions

  @Override
  public void callEvent(CallWebhookEvent event) {
    LegacyCallState.Applied applied = state.applyWebhook(event, now());
    if (applied != LegacyCallState.Applied.APPLIED) {
      log.debug("{} webhook {}", applied, event == null ? null : event.kind());
    }
  }

  @Override
  public CallView state() {
    return view();
  }

  @Override
  public void validateHangUp(HangUpRequest request) {
    if (request == null || blank(request.agentId())) {
      throw refusal(FailureTypes.INVALID_REQUEST, "INVALID_REQUEST", "agentId is required");
    }
    String why = hangUpRefusal(request.agentId());
    if (why != null) {
      throw refusal(FailureTypes.NOT_IN_CALL, "NOT_IN_CALL", why);
    }
  }

  @Override
  public CallView hangUp(HangUpRequest request) {
    String why = hangUpRefusal(request.agentId()); // another handler may have run since the validator
    if (why != null) {
      throw refusal(FailureTypes.NOT_IN_CALL, "NOT_IN_CALL", why);
    }
    if (!state.hangUpRequested()) {
      state.requestHangUp(request.agentId(), now());
    }
    // the main loop sends the terminate; the answer waits for it, or for the call's end
    Workflow.await(() -> state.hangUpHandled() || state.terminated() || state.outcome() != null);
    return view();
  }

  /** Why {@code agentId} may not hang up now, or null. */
  protected abstract String hangUpRefusal(String agentId);

  public void validateSetDisposition(DispositionRequest request) {
    ApplicationFailure refused = dispositionRefusal(request);
    if (refused != null) {
      throw refused;
    }
  }

  public CallView setDisposition(DispositionRequest request) {
    ApplicationFailure refused = dispositionRefusal(request);
    if (refused != null) {
      throw refused;
    }
    state.setDisposition(new Disposition(routing.allowedTag(request.tag()), request.note(), request.agentId(), now()),
        now());
    return view();
  }

  private ApplicationFailure dispositionRefusal(DispositionRequest request) {
    if (request == null || blank(request.tag())) {
      return refusal(FailureTypes.INVALID_REQUEST, "INVALID_REQUEST", "a tag is required");
    }
    if (request.note() != null && request.note().length() > MAX_NOTE_LENGTH) {
      return refusal(FailureTypes.INVALID_REQUEST, "INVALID_REQUEST",
          "the note is longer than " + MAX_NOTE_LENGTH + " characters");
    }
    if (state.closed()) {
      return refusal(FailureTypes.DISPOSITION_NOT_OPEN, "DISPOSITION_NOT_OPEN", "the wrap-up window has closed");
    }
    if (state.status() != CallStatus.CONNECTED && state.status() != CallStatus.ENDED) {
      return refusal(FailureTypes.DISPOSITION_NOT_OPEN, "DISPOSITION_NOT_OPEN",
          "a disposition can be set once the call has connected or ended (now " + state.status() + ")");
    }
    if (routing.allowedTag(request.tag()) == null) {
      return refusal(FailureTypes.INVALID_DISPOSITION_TAG, "INVALID_DISPOSITION_TAG",
          "tag '" + request.tag() + "' is not allowed for this business number; allowed: "
              + String.join(", ", routing.dispositionTags()));
    }
    return null;
  }

  // --- main-loop helpers

  /** Reads the business number's routing once; without it the call runs on defaults with nobody to ring. */
  protected Routing loadRouting() {
    try {
      Routing loaded = directory.loadRouting(state.phoneNumberId());
      return loaded != null ? loaded : Routing.unavailable();
    } catch (ActivityFailure failure) {
      state.note(now(), "routing unavailable", messageOf(failure) + "; using defaults");
      return Routing.unavailable();
    }
  }

  /**
   * Writes the read model when something changed. Asynchronous, so a slow database never holds up
   * a ringing call, and coalesced: one write in flight at a time, the next one carries the newest
   * version (the read model keeps the highest version anyway), which keeps histories short.
   */
  protected void recordIfChanged() {
    upsertSearchAttributes();
    if (state.version() == recordedVersion || recordInFlight()) {
      return;
    }
    recordedVersion = state.version();
    recording = Async.procedure(durable::recordCall, view());
    sideEffects.add(recording);
  }

  /**
   * First thing in the workflow method: the {@code Workflow.getVersion} decisions of the run (see
   * {@link SearchAttributeUpserter#decide()} and {@link DeadlineWait#decide()}).
   */
  protected void decideVersions() {
    searchAttributes.decide();
    waits.decide();
    upsertSearchAttributes();
  }

  /** The operator's filters in the Temporal UI: number, direction, status, agent (never the customer). */
  private void upsertSearchAttributes() {
    Map<SearchAttributeKey<String>, String> values = new LinkedHashMap<>();
    values.put(WacallSearchAttributes.PHONE_NUMBER_ID, state.phoneNumberId());
    values.put(WacallSearchAttributes.CALL_DIRECTION, state.direction() == null ? null : state.direction().name());
    values.put(WacallSearchAttributes.CALL_STATUS, state.status() == null ? null : state.status().name());
    values.put(WacallSearchAttributes.AGENT_ID, state.agentId());
    searchAttributes.upsert(values);
  }

  private boolean recordInFlight() {
    return recording != null && !recording.isCompleted();
  }

  /** A change is waiting for the write in flight to finish. */
  private boolean recordDue() {
    return state.version() != recordedVersion && !recordInFlight();
  }

  /** Starts an activity whose result the call does not wait for; it is awaited before the run completes. */
  protected void inBackground(Promise<Void> promise) {
    sideEffects.add(promise);
  }

  /**
   * Waits until {@code done} holds or {@code deadline} passes (null: no deadline), writing the read
   * model after every change a handler makes meanwhile, on one timer per deadline
   * ({@link DeadlineWait}). Returns whether {@code done} held.
   */
  protected boolean awaitUntil(Instant deadline, Supplier<Boolean> done) {
    return waits.recordThenAwait(() -> deadline, done, recorder);
  }

  /** terminate through the Cloud API, best effort: a call Meta already ended answers with an error. */
  protected void terminateCall(String why) {
    try {
      cleanupCloudApi.terminate(state.phoneNumberId(), state.wacid());
      if (state.hangUpRequested() && !state.hangUpHandled()) {
        state.hangUpHandled(why, now());
      } else {
        state.note(now(), "terminate sent", why);
      }
    } catch (ActivityFailure failure) {
      String detail = why + "; terminate failed: " + messageOf(failure);
      if (state.hangUpRequested() && !state.hangUpHandled()) {
        state.hangUpHandled(detail, now());
      } else {
        state.note(now(), "terminate failed", detail);
      }
    }
  }

  /** After our terminate, Meta's terminate webhook brings the duration; waits for it a bounded time. */
  protected void awaitTerminateWebhook() {
    if (!state.terminated()) {
      details("waiting up to " + TERMINATE_WEBHOOK_GRACE.toSeconds() + " s for Meta's terminate webhook");
      awaitUntil(now().plus(TERMINATE_WEBHOOK_GRACE), state::terminated);
    }
  }

  /**
   * The end shared by both directions, once the outcome is set. A call Meta knows of (it has a
   * wacid) gets a line in the customer's conversation log, its ledger row and a wrap-up window.
   * The run completes as soon as a disposition is set after the call ended, else when the window
   * closes: the window exists to collect the disposition, and an hour of open run per call buys
   * nothing once it is in.
   */
  protected CallView finish() {
    boolean knownToMeta = state.wacid() != null && state.status() == CallStatus.ENDED;
    if (knownToMeta) {
      inBackground(Async.procedure(durable::logConversationEvent, conversationEvent()));
      recordIfChanged();
      details("recording the call's ledger row");
      durable.recordCharge(chargeRequest());
      // the window counts from the end of the call, not from when the ledger row got written
      Instant endsAt = (state.endedAt() != null ? state.endedAt() : now()).plus(routing.wrapUp());
      state.openWrapUp(endsAt, now());
      details("wrap-up until " + endsAt + ": waiting for the disposition (" + state.outcome() + ")");
      awaitUntil(endsAt, () -> state.disposition() != null);
    }
    state.close(state.disposition() != null ? "disposition " + state.disposition().tag()
        : knownToMeta ? "wrap-up window over without a disposition" : "nothing to wrap up", now());
    Workflow.await(Workflow::isEveryHandlerFinished);
    while (state.version() != recordedVersion) {
      Workflow.await(() -> !recordInFlight());
      recordIfChanged();
    }
    for (Promise<Void> effect : sideEffects) {
      try {
        effect.get();
      } catch (ActivityFailure failure) {
        log.warn("side effect of {} failed: {}", state.id(), messageOf(failure));
      }
    }
    details("completed: " + state.outcome() + (state.failureReason() == null ? "" : " (" + state.failureReason() + ")"));
    return view();
  }

  private ConversationEvent conversationEvent() {
    CallOutcome outcome = state.outcome();
    boolean missed = state.direction() == CallDirection.USER_INITIATED
        && (outcome == CallOutcome.MISSED || outcome == CallOutcome.DECLINED || outcome == CallOutcome.ABANDONED);
    return new ConversationEvent(state.id(), state.wacid(), state.phoneNumberId(), state.customer(),
        state.direction(), missed ? ConversationEvent.Type.MISSED_CALL : ConversationEvent.Type.CALL, outcome,
        state.agentId(), state.endedAt(), state.durationSeconds(), state.callbackRequestAllowed());
  }

  private CallChargeRequest chargeRequest() {
    boolean connected = state.answeredAt() != null || state.answeredPerMeta();
    CallWebhookEvent terminate = state.terminateEvent();
    Instant connectedAt = terminate != null && terminate.startTime() != null ? terminate.startTime() : state.answeredAt();
    // the customer's number decides the market, whichever way the call went
    String to = state.customer();
    int seconds = connected && state.durationSeconds() != null ? state.durationSeconds() : 0;
    return new CallChargeRequest(state.id(), state.wacid(), state.direction(), state.phoneNumberId(), to, seconds,
        connected ? connectedAt : null);
  }

  protected void notifyPermission(PermissionNotice.Kind kind) {
    if (state.customer() == null || state.wacid() == null) {
      return;
    }
    inBackground(Async.procedure(durable::notifyPermission, new PermissionNotice(state.phoneNumberId(),
        state.customer(), kind, state.wacid(), state.id(), now())));
    state.note(now(), "permission told", kind.name());
  }

  protected CallView view() {
    return state.view(now());
  }

  /** An ApplicationFailure of {@code type} with a {@link CallRefusal} detail; no call view (it is not the refused party's). */
  protected static ApplicationFailure refusal(String type, String code, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type, new CallRefusal(code, message, null, null, null));
  }

  protected static void details(String text) {
    Workflow.setCurrentDetails(text);
  }

  protected static Instant now() {
    return DeadlineWait.now();
  }

  protected static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The ApplicationFailure under an ActivityFailure, if there is one. */
  protected static ApplicationFailure applicationCause(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure af ? af : null;
  }

  /** The Cloud API details of a failed activity, or null (a timeout, a failure without details). */
  protected static CloudApiErrorDetails cloudDetails(ActivityFailure failure) {
    ApplicationFailure cause = applicationCause(failure);
    try {
      return cause == null || cause.getDetails().getSize() == 0 ? null
          : cause.getDetails().get(0, CloudApiErrorDetails.class);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  protected static String messageOf(ActivityFailure failure) {
    ApplicationFailure cause = applicationCause(failure);
    if (cause != null) {
      return cause.getType() + ": " + cause.getOriginalMessage();
    }
    Throwable root = failure.getCause() != null ? failure.getCause() : failure;
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static LegacyCallActivities stub(Duration startToClose, int maximumAttempts, Duration maximumInterval) {
    return stub(LegacyCallActivities.class, startToClose, maximumAttempts, maximumInterval);
  }

  private static <T> T stub(Class<T> activities, Duration startToClose, int maximumAttempts, Duration maximumInterval) {
    return Workflow.newActivityStub(activities, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(500))
            .setBackoffCoefficient(2)
            .setMaximumInterval(maximumInterval)
            .setMaximumAttempts(maximumAttempts)
            .build())
        .build());
  }
}
