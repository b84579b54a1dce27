package io.wacall.workflows.call;

import static io.wacall.workflows.call.CallRecorder.applicationCause;
import static io.wacall.workflows.call.CallRecorder.details;
import static io.wacall.workflows.call.CallRecorder.messageOf;
import static io.wacall.workflows.call.CallRecorder.now;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.CallCapture;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.failure.CallRefusal;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.workflows.call.OutboundRules.ConnectFailure;
import io.wacall.workflows.call.OutboundRules.ConnectFailureKind;
import io.wacall.workflows.call.OutboundRules.Refusal;
import java.time.Duration;
import java.time.Instant;

/**
 * An outbound call (a run of the current {@link CallShape}): checks (country, market, permission)
 * before any Cloud API call, connects once, follows Meta's statuses and terminate, terminates the
 * call itself after the ring timeout, then closes it ({@code CloseCall}, which also tells
 * CallPermission whether it connected). A connect that may have reached Meta is never repeated:
 * the workflow learns the truth from the webhooks that carry its ID, and ends cleanly if none come.
 *
 * <p>The routing read and the checks run as local activities in the first workflow task;
 * {@code PlaceCall} saves the placed call; the connection is saved by a local activity; the end by
 * {@code CloseCall}. An accepted call costs 12 billable actions (ActionBudgetCallsTest).
 */
public class OutboundCall implements OutboundCallWorkflow {
  /** After an ambiguous connect, how long past the ring timeout a webhook may still confirm the call. */
  static final Duration UNCONFIRMED_CONNECT_GRACE = Duration.ofSeconds(30);
  /** Pause before repeating a connect that surely never reached Meta. */
  static final Duration CONNECT_RETRY_DELAY = Duration.ofSeconds(1);

  private final CallFacts facts;
  private final OutboundAttempt attempt;
  private final CallRecorder recorder;
  private final String agentId;
  private final String sdpOffer;
  /** The caller's recording choice, passed to PlaceCall (null: the number's settings). */
  private final CallCapture capture;
  private final Duration ringTimeout;
  private Routing routing = Routing.unavailable();

  public OutboundCall(OutboundCallInput input) {
    facts = new CallFacts(Workflow.getInfo().getWorkflowId(), CallDirection.BUSINESS_INITIATED, input.phoneNumberId(),
        null, input.to(), input.agentId(), now());
    attempt = new OutboundAttempt(facts);
    recorder = new CallRecorder(facts);
    agentId = input.agentId();
    sdpOffer = input.sdpOffer();
    capture = input.capture();
    ringTimeout = input.ringTimeout() == null || input.ringTimeout().isZero() || input.ringTimeout().isNegative()
        ? OutboundRules.DEFAULT_RING_TIMEOUT : input.ringTimeout();
  }

  @Override
  public CallView run(OutboundCallInput input) {
    details("checking country, market and permission");
    routing = recorder.loadRouting();
    Refusal refused = check();
    if (refused != null) {
      attempt.refuse(refused, now());
      return close(null);
    }
    Instant placedAt = now();
    connect();
    if (facts.status() == CallStatus.REFUSED) {
      return close(null);
    }
    if (facts.status() == CallStatus.INITIATING && !confirmByWebhooks(placedAt)) {
      return close(null);
    }
    return followCall(placedAt.plus(ringTimeout));
  }

  private Refusal check() {
    try {
      OutboundCheck check = recorder.directory.checkOutbound(facts.phoneNumberId(), facts.customer());
      if (check == null) {
        return new Refusal(FailureTypes.CALL_FAILED, OutboundRules.CALL_FAILED, "the checks answered nothing", null,
            null);
      }
      return OutboundRules.checkRefusal(check);
    } catch (ActivityFailure failure) {
      return new Refusal(FailureTypes.CALL_FAILED, OutboundRules.CALL_FAILED,
          "the checks could not be made: " + messageOf(failure), null, null);
    }
  }

  /** One connect; repeated only when it surely failed before reaching Meta. */
  private void connect() {
    for (int n = 1; ; n++) {
      details("placing the call (connect attempt " + n + ")");
      try {
        String wacid = recorder.onceApi.place(new PlaceCall(facts.phoneNumberId(), facts.customer(), sdpOffer,
            facts.id(), attempt.view(now()), capture));
        attempt.placed(wacid, now());
        return;
      } catch (ActivityFailure failure) {
        ApplicationFailure cause = applicationCause(failure);
        String message = messageOf(failure);
        ConnectFailure what = OutboundRules.classifyConnectFailure(cause == null ? null : cause.getType(),
            CallRecorder.cloudDetails(failure), message);
        if (what.kind() == ConnectFailureKind.AMBIGUOUS) {
          attempt.connectUnconfirmed(message, now());
          return;
        }
        if (what.kind() == ConnectFailureKind.RETRY && n < OutboundRules.MAX_CONNECT_ATTEMPTS) {
          facts.note(now(), "connect not sent", message + "; trying again");
          Workflow.sleep(CONNECT_RETRY_DELAY.multipliedBy(n));
          continue;
        }
        attempt.refuse(what.kind() == ConnectFailureKind.RETRY ? OutboundRules.unreachable(message) : what.refusal(),
            now());
        return;
      }
    }
  }

  /** The connect's answer was lost: only a webhook carrying our ID can say whether it rang. */
  private boolean confirmByWebhooks(Instant placedAt) {
    Instant until = placedAt.plus(ringTimeout).plus(UNCONFIRMED_CONNECT_GRACE);
    details("connect outcome unknown: waiting for Meta's webhooks until " + until);
    // a webhook may even have come before the connect's (lost) answer would have
    recorder.awaitUntil(until, () -> facts.wacid() != null);
    if (facts.wacid() == null) {
      facts.failure(OutboundRules.CONNECT_UNCONFIRMED, null,
          "the connect may have failed and no webhook confirmed a call", now());
      facts.end(CallOutcome.FAILED, now());
      return false;
    }
    attempt.confirmedByWebhook(now());
    save();
    return true;
  }

  private CallView followCall(Instant ringDeadline) {
    details("ringing the customer until " + ringDeadline);
    recorder.awaitUntil(ringDeadline, () -> facts.answeredPerMeta() || facts.rejected() || facts.terminated()
        || facts.hangUpRequested());
    if (facts.answeredPerMeta() && !facts.terminated() && !facts.hangUpRequested()) {
      attempt.customerAnswered(now());
      save();
      details("connected: waiting for the end of the call");
      recorder.awaitUntil(facts.answeredAt().plus(CallRecorder.MAX_CALL_DURATION),
          () -> facts.terminated() || facts.hangUpRequested());
    }
    if (!facts.terminated()) {
      if (facts.hangUpRequested()) {
        recorder.terminate("hang-up by " + agentId);
      } else if (facts.status() == CallStatus.CONNECTED) {
        recorder.terminate("the call outlived " + CallRecorder.MAX_CALL_DURATION.toHours()
            + " h without a terminate webhook");
      } else if (!facts.rejected()) {
        recorder.terminate("not answered within " + ringTimeout.toSeconds() + " s");
      }
      // REJECTED is followed by Meta's terminate; after ours, Meta's brings the duration
      recorder.awaitTerminateWebhook();
    }
    CallOutcome outcome = OutboundRules.outcome(facts.answeredPerMeta(), facts.rejected(),
        facts.terminateReportsError(), facts.hangUpRequested());
    PermissionNotice.Kind permission = null;
    if (facts.answeredPerMeta()) {
      if (facts.status() != CallStatus.CONNECTED) {
        // answered per Meta's terminate only (ACCEPTED lost or late): it connected all the same
        attempt.customerAnswered(now());
      }
      permission = PermissionNotice.Kind.CONNECTED;
    } else if (OutboundRules.countsAsUnanswered(outcome)) {
      permission = PermissionNotice.Kind.UNANSWERED;
    }
    facts.end(outcome, now());
    return close(permission);
  }

  /** Saves the record (a local activity); a failed save is left to the next one. */
  private void save() {
    try {
      recorder.records.save(attempt.view(now()));
    } catch (ActivityFailure failure) {
      facts.note(now(), "record not saved", messageOf(failure));
    }
  }

  private CallView close(PermissionNotice.Kind permission) {
    return recorder.close(routing, permission, () -> attempt.view(now()));
  }

  // --- handlers

  @Override
  public void callEvent(CallWebhookEvent event) {
    facts.applyWebhook(event, now());
  }

  @Override
  public CallView state() {
    return attempt.view(now());
  }

  @Override
  public OutboundConnectResult connectResult() {
    Workflow.await(attempt::connectAttemptDone);
    Refusal refusal = attempt.refusal();
    if (refusal != null) {
      CallRefusal details = new CallRefusal(refusal.code(), refusal.message(), refusal.retryAt(), refusal.graphCode(),
          attempt.view(now()));
      throw ApplicationFailure.newNonRetryableFailure(refusal.message(), refusal.failureType(), details);
    }
    return new OutboundConnectResult(facts.id(), facts.wacid(), facts.status());
  }

  @Override
  public void validateHangUp(HangUpRequest request) {
    CallRecorder.validateHangUp(request, this::whyNoHangUp);
  }

  @Override
  public CallView hangUp(HangUpRequest request) {
    recorder.hangUp(request, this::whyNoHangUp);
    return attempt.view(now());
  }

  /** The calling agent may hang up while it rings or once connected, not after the end. */
  private String whyNoHangUp(String requester) {
    return !requester.equals(agentId) ? "agent " + requester + " is not on this call"
        : facts.outcome() != null || facts.terminated() || facts.status() == CallStatus.REFUSED ? "the call is over"
        : null;
  }
}
