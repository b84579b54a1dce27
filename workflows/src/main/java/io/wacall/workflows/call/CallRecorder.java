package io.wacall.workflows.call;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.failure.CallRefusal;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.workflows.common.DeadlineWait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What both call workflows do with the outside world besides their own turns: the activity stubs
 * and their options, the terminate and the wait for Meta's terminate webhook, and the end of the
 * call (one {@code CloseCall}: final record, conversation line, ledger row, CallPermission notice;
 * and the final search attributes). A plain object each workflow holds; deterministic.
 *
 * <p>Why these options: the directory read and the snapshot writes are short PostgreSQL statements
 * the caller waits for, run as local activities (all local activities of one workflow task are one
 * billable action). Cloud API steps are activities: {@code AnswerCall} and {@code PlaceCall} run
 * once (a step that may have reached Meta is never repeated blindly), {@code reject} and
 * {@code terminate} are repeatable. {@code CloseCall} must happen whatever the outage: retried
 * without limit.
 */
final class CallRecorder {
  /** Meta sets no call-duration limit (docs/meta-cloud-api.md#ringing-and-call-length), but a lost terminate webhook must not keep a run open forever. */
  static final Duration MAX_CALL_DURATION = Duration.ofHours(8);
  /** Meta's terminate webhook follows our terminate within seconds; past this the call's length is estimated. */
  static final Duration TERMINATE_WEBHOOK_GRACE = Duration.ofMinutes(2);

  /** Directory reads: the caller is waiting, so a few quick attempts, then the defaults. */
  final CallDirectoryActivities directory = Workflow.newLocalActivityStub(CallDirectoryActivities.class,
      local(Duration.ofSeconds(5), 3));
  /** Ringing an agent and saving the record: time-critical; an agent we cannot reach is skipped. */
  final CallRecordActivities records = Workflow.newLocalActivityStub(CallRecordActivities.class,
      local(Duration.ofSeconds(5), 2));
  /** pre_accept + accept, connect: once; the workflow decides from the typed failure. */
  final CallCloudApiActivities onceApi = Workflow.newActivityStub(CallCloudApiActivities.class,
      remote(Duration.ofSeconds(20), 1, Duration.ofSeconds(1)));
  /** reject, terminate: repeatable, worth a few tries, never worth blocking the call on. */
  final CallCloudApiActivities cleanupApi = Workflow.newActivityStub(CallCloudApiActivities.class,
      remote(Duration.ofSeconds(10), 5, Duration.ofSeconds(5)));
  /** The end of the call: must happen, whatever the outage. */
  private final CallRecordActivities closing = Workflow.newActivityStub(CallRecordActivities.class,
      remote(Duration.ofSeconds(10), 0, Duration.ofMinutes(1)));

  private static final Logger log = Workflow.getLogger(CallRecorder.class);

  private final CallFacts facts;
  /** One timer per deadline: a wake-up waits again on the same timer. */
  private final DeadlineWait waits = DeadlineWait.withOneTimerPerDeadline();

  CallRecorder(CallFacts facts) {
    this.facts = facts;
  }

  /** Reads the business number's routing once; without it the call runs on defaults with nobody to ring. */
  Routing loadRouting() {
    return loadRouting(directory);
  }

  /**
   * Reads the routing, retrying a failing directory (a database blip) until {@code until}: a caller
   * waits for someone to be rung, so giving up early rejects a call that could still be answered.
   */
  Routing loadRoutingUntil(Instant until) {
    Duration left = Duration.between(now(), until);
    if (left.compareTo(Duration.ofSeconds(5)) <= 0) {
      return loadRouting(directory);
    }
    return loadRouting(Workflow.newLocalActivityStub(CallDirectoryActivities.class,
        LocalActivityOptions.newBuilder(local(Duration.ofSeconds(5), 0, Duration.ofSeconds(2)))
            .setScheduleToCloseTimeout(left)
            .build()));
  }

  private Routing loadRouting(CallDirectoryActivities from) {
    try {
      Routing loaded = from.loadRouting(facts.phoneNumberId());
      return loaded != null ? loaded : Routing.unavailable();
    } catch (ActivityFailure failure) {
      facts.note(now(), "routing unavailable", messageOf(failure) + "; using defaults");
      return Routing.unavailable();
    }
  }

  /** Waits until {@code done} holds or {@code deadline} passes (null: none); true when {@code done} held. */
  boolean awaitUntil(Instant deadline, Supplier<Boolean> done) {
    return waits.await(deadline, done);
  }

  /** terminate through the Cloud API, best effort: a call Meta already ended answers with an error. */
  void terminate(String why) {
    String detail = why;
    try {
      cleanupApi.terminate(facts.phoneNumberId(), facts.wacid());
    } catch (ActivityFailure failure) {
      detail = why + "; terminate failed: " + messageOf(failure);
    }
    if (facts.hangUpRequested() && !facts.hangUpHandled()) {
      facts.hangUpHandled(detail, now());
    } else {
      facts.note(now(), detail.equals(why) ? "terminate sent" : "terminate failed", detail);
    }
  }

  /**
   * The hang-up update's validator, for both directions: refused without an agent, or when
   * {@code whyNot} names a reason for this agent (null: allowed).
   */
  static void validateHangUp(HangUpRequest request, Function<String, String> whyNot) {
    if (request == null || blank(request.agentId())) {
      throw refusal(FailureTypes.INVALID_REQUEST, "INVALID_REQUEST", "agentId is required");
    }
    refuseHangUp(request.agentId(), whyNot);
  }

  /**
   * The hang-up update: checked again (another handler may have run since the validator), then
   * recorded; the main loop sends the terminate, and the update answers once it is sent or the call
   * is over.
   */
  void hangUp(HangUpRequest request, Function<String, String> whyNot) {
    refuseHangUp(request.agentId(), whyNot);
    if (!facts.hangUpRequested()) {
      facts.requestHangUp(request.agentId(), now());
    }
    Workflow.await(() -> facts.hangUpHandled() || facts.terminated() || facts.outcome() != null);
  }

  private static void refuseHangUp(String agentId, Function<String, String> whyNot) {
    String why = whyNot.apply(agentId);
    if (why != null) {
      throw refusal(FailureTypes.NOT_IN_CALL, "NOT_IN_CALL", why);
    }
  }

  /** After our terminate, Meta's terminate webhook brings the duration; waits for it a bounded time. */
  void awaitTerminateWebhook() {
    if (!facts.terminated()) {
      details("waiting up to " + TERMINATE_WEBHOOK_GRACE.toSeconds() + " s for Meta's terminate webhook");
      awaitUntil(now().plus(TERMINATE_WEBHOOK_GRACE), facts::terminated);
    }
  }

  /**
   * The end, once the outcome is set: a call Meta knows of (it has a wacid) opens its wrap-up window
   * (the API keeps the disposition until then) and gets its conversation line and ledger row; then
   * one {@code CloseCall} writes them with the final record and {@code permission} (null: nothing to
   * tell CallPermission), and the final search attributes are set. Returns the final view.
   */
  CallView close(Routing routing, PermissionNotice.Kind permission, Supplier<CallView> view) {
    boolean knownToMeta = facts.wacid() != null && facts.status() == CallStatus.ENDED;
    if (knownToMeta) {
      facts.openWrapUp(facts.endedAt().plus(routing.wrapUp()), now());
    }
    PermissionNotice notice = permission == null || facts.customer() == null || facts.wacid() == null ? null
        : new PermissionNotice(facts.phoneNumberId(), facts.customer(), permission, facts.wacid(), facts.id(),
            facts.endedAt());
    if (notice != null) {
      facts.note(now(), "permission told", permission.name());
    }
    upsertFinalSearchAttributes();
    CallView last = view.get();
    details("closing: record, conversation line, ledger row" + (notice == null ? "" : ", " + permission));
    try {
      closing.close(new CloseCall(last, knownToMeta ? conversationEvent() : null, knownToMeta ? charge() : null,
          notice));
    } catch (ActivityFailure refused) {
      // only a non-retryable refusal gets here (the ledger's, once the other parts are written): the
      // call still completes, and the refusal is in the run's result, its log and the ledger's metric
      facts.note(now(), "close refused", messageOf(refused));
      log.error("CloseCall of {} refused: {}", facts.id(), messageOf(refused));
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    details("completed: " + facts.outcome() + (facts.failureReason() == null ? "" : " (" + facts.failureReason() + ")"));
    return view.get();
  }

  /**
   * The operator's filters in the Temporal UI. Number and direction (and an outbound call's agent)
   * come with the start options; the run sets the final status and the agent once, at the end: each
   * upsert is a billable action, and a running call is found by its execution status.
   */
  private void upsertFinalSearchAttributes() {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    setIfChanged(updates, WacallSearchAttributes.PHONE_NUMBER_ID, facts.phoneNumberId());
    setIfChanged(updates, WacallSearchAttributes.CALL_DIRECTION, facts.direction().name());
    setIfChanged(updates, WacallSearchAttributes.CALL_STATUS, facts.status().name());
    setIfChanged(updates, WacallSearchAttributes.AGENT_ID, facts.agentId());
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
    }
  }

  private static void setIfChanged(List<SearchAttributeUpdate<?>> updates, SearchAttributeKey<String> key,
      String value) {
    if (value != null && !value.equals(Workflow.getTypedSearchAttributes().get(key))) {
      updates.add(key.valueSet(value));
    }
  }

  private ConversationEvent conversationEvent() {
    CallOutcome outcome = facts.outcome();
    boolean missed = facts.direction() == CallDirection.USER_INITIATED
        && (outcome == CallOutcome.MISSED || outcome == CallOutcome.DECLINED || outcome == CallOutcome.ABANDONED);
    return new ConversationEvent(facts.id(), facts.wacid(), facts.phoneNumberId(), facts.customer(),
        facts.direction(), missed ? ConversationEvent.Type.MISSED_CALL : ConversationEvent.Type.CALL, outcome,
        facts.agentId(), facts.endedAt(), facts.durationSeconds(), facts.callbackRequestAllowed());
  }

  /**
   * The ledger row, with every figure from the run (a retry sends the same): the connect time is
   * Meta's {@code start_time}, else when we connected it, else (never connected, 0 s) the end.
   */
  private ChargeRequest charge() {
    boolean connected = facts.answeredAt() != null || facts.answeredPerMeta();
    Instant connectedAt = facts.terminateEvent() != null && facts.terminateEvent().startTime() != null
        ? facts.terminateEvent().startTime() : facts.answeredAt() != null ? facts.answeredAt() : facts.endedAt();
    int seconds = connected && facts.durationSeconds() != null ? facts.durationSeconds() : 0;
    // the customer's number decides the market, whichever way the call went
    return new ChargeRequest(facts.id(), facts.direction(), facts.phoneNumberId(), facts.customer(), connectedAt,
        seconds);
  }

  // --- small helpers both workflows use

  /** An ApplicationFailure of {@code type} with a {@link CallRefusal} detail; no call view (it is not the refused party's). */
  static ApplicationFailure refusal(String type, String code, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type, new CallRefusal(code, message, null, null, null));
  }

  static void details(String text) {
    Workflow.setCurrentDetails(text);
  }

  static Instant now() {
    return DeadlineWait.now();
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The ApplicationFailure under an ActivityFailure, if there is one. */
  static ApplicationFailure applicationCause(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure af ? af : null;
  }

  /** The Cloud API details of a failed activity, or null (a timeout, a failure without details). */
  static CloudApiErrorDetails cloudDetails(ActivityFailure failure) {
    ApplicationFailure cause = applicationCause(failure);
    try {
      return cause == null || cause.getDetails().getSize() == 0 ? null
          : cause.getDetails().get(0, CloudApiErrorDetails.class);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  static String messageOf(ActivityFailure failure) {
    ApplicationFailure cause = applicationCause(failure);
    if (cause != null) {
      return cause.getType() + ": " + cause.getOriginalMessage();
    }
    Throwable root = failure.getCause() != null ? failure.getCause() : failure;
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static LocalActivityOptions local(Duration startToClose, int maximumAttempts) {
    return local(startToClose, maximumAttempts, Duration.ofSeconds(1));
  }

  /** {@code maximumAttempts} 0: no limit (then bound the whole by a schedule-to-close timeout). */
  private static LocalActivityOptions local(Duration startToClose, int maximumAttempts, Duration maximumInterval) {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(200))
            .setBackoffCoefficient(2)
            .setMaximumInterval(maximumInterval)
            .setMaximumAttempts(maximumAttempts)
            .build())
        .build();
  }

  private static ActivityOptions remote(Duration startToClose, int maximumAttempts, Duration maximumInterval) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(500))
            .setBackoffCoefficient(2)
            .setMaximumInterval(maximumInterval)
            .setMaximumAttempts(maximumAttempts)
            .build())
        .build();
  }
}
