package io.wacall.workflows.call.legacy;

import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.OutboundRules;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.failure.CallRefusal;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.wacall.workflows.call.OutboundRules.ConnectFailure;
import io.wacall.workflows.call.OutboundRules.ConnectFailureKind;
import io.wacall.workflows.call.OutboundRules.Refusal;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import java.time.Duration;
import java.time.Instant;

/**
 * The OutboundCall workflow: checks (country, market, permission) before any Cloud API call,
 * connects once, follows Meta's statuses and terminate, terminates the call itself after the ring
 * timeout, tells CallPermission whether it connected, then records its ledger row and waits for the
 * disposition. A connect that may have reached Meta is never repeated: the workflow learns the
 * truth from the webhooks that carry its ID, and ends cleanly if none come.
 */
public class LegacyOutboundCall extends LegacyCallWorkflowBase implements OutboundCallWorkflow {
  /** After an ambiguous connect, how long past the ring timeout a webhook may still confirm the call. */
  static final Duration UNCONFIRMED_CONNECT_GRACE = Duration.ofSeconds(30);
  /** Pause before repeating a connect that surely never reached Meta. */
  static final Duration CONNECT_RETRY_DELAY = Duration.ofSeconds(1);

  private final String agentId;
  private final String sdpOffer;
  private final Duration ringTimeout;

  @WorkflowInit
  public LegacyOutboundCall(OutboundCallInput input) {
    super(new LegacyCallState(Workflow.getInfo().getWorkflowId(), CallDirection.BUSINESS_INITIATED, input.phoneNumberId(),
        null, input.to(), input.agentId(), now()));
    this.agentId = input.agentId();
    this.sdpOffer = input.sdpOffer();
    this.ringTimeout = input.ringTimeout() == null || input.ringTimeout().isZero() || input.ringTimeout().isNegative()
        ? OutboundRules.DEFAULT_RING_TIMEOUT : input.ringTimeout();
  }

  @Override
  public CallView run(OutboundCallInput input) {
    decideVersions();
    details("checking country, market and permission");
    routing = loadRouting();
    Refusal refused = check();
    if (refused != null) {
      state.refuse(refused, now());
      return finish();
    }
    Instant placedAt = now();
    connect();
    if (state.status() == CallStatus.REFUSED) {
      return finish();
    }
    if (state.status() == CallStatus.INITIATING && !confirmByWebhooks(placedAt)) {
      return finish();
    }
    return followCall(placedAt.plus(ringTimeout));
  }

  private Refusal check() {
    try {
      OutboundCheck check = checker.checkOutbound(state.phoneNumberId(), state.customer());
      if (check == null) {
        return new Refusal(FailureTypes.CALL_FAILED, OutboundRules.CALL_FAILED,
            "the checks answered nothing", null, null);
      }
      return OutboundRules.checkRefusal(check);
    } catch (ActivityFailure failure) {
      return new Refusal(FailureTypes.CALL_FAILED, OutboundRules.CALL_FAILED,
          "the checks could not be made: " + messageOf(failure), null, null);
    }
  }

  /** One connect; repeated only when it surely failed before reaching Meta. */
  private void connect() {
    for (int attempt = 1; ; attempt++) {
      details("placing the call (connect attempt " + attempt + ")");
      try {
        String wacid = connectApi.connect(state.phoneNumberId(), state.customer(), sdpOffer, state.id());
        state.placed(wacid, now());
        return;
      } catch (ActivityFailure failure) {
        ApplicationFailure cause = applicationCause(failure);
        CloudApiErrorDetails cloud = cloudDetails(failure);
        String message = messageOf(failure);
        ConnectFailure what = OutboundRules.classifyConnectFailure(cause == null ? null : cause.getType(), cloud,
            message);
        if (what.kind() == ConnectFailureKind.AMBIGUOUS) {
          state.connectUnconfirmed(message, now());
          return;
        }
        if (what.kind() == ConnectFailureKind.RETRY && attempt < OutboundRules.MAX_CONNECT_ATTEMPTS) {
          state.note(now(), "connect not sent", message + "; trying again");
          Workflow.sleep(CONNECT_RETRY_DELAY.multipliedBy(attempt));
          continue;
        }
        state.refuse(what.kind() == ConnectFailureKind.RETRY ? OutboundRules.unreachable(message) : what.refusal(),
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
    awaitUntil(until, () -> state.wacid() != null);
    if (state.wacid() == null) {
      state.failure(OutboundRules.CONNECT_UNCONFIRMED, null,
          "the connect may have failed and no webhook confirmed a call", now());
      state.end(CallOutcome.FAILED, now());
      return false;
    }
    state.confirmedByWebhook(now());
    return true;
  }

  private CallView followCall(Instant ringDeadline) {
    details("ringing the customer until " + ringDeadline);
    awaitUntil(ringDeadline, () -> state.answeredPerMeta() || state.rejected() || state.terminated()
        || state.hangUpRequested());
    if (state.answeredPerMeta() && !state.terminated() && !state.hangUpRequested()) {
      state.outboundConnected(now());
      notifyPermission(PermissionNotice.Kind.CONNECTED);
      details("connected: waiting for the end of the call");
      awaitUntil(state.answeredAt().plus(MAX_CALL_DURATION), () -> state.terminated() || state.hangUpRequested());
    }
    if (!state.terminated()) {
      if (state.hangUpRequested()) {
        terminateCall("hang-up by " + agentId);
      } else if (state.status() == CallStatus.CONNECTED) {
        terminateCall("the call outlived " + MAX_CALL_DURATION.toHours() + " h without a terminate webhook");
      } else if (!state.rejected()) {
        terminateCall("not answered within " + ringTimeout.toSeconds() + " s");
      }
      // REJECTED is followed by Meta's terminate; after ours, Meta's brings the duration
      awaitTerminateWebhook();
    }
    CallWebhookEvent terminate = state.terminateEvent();
    // frozen: an agent's hang-up while it rang stays NOT_ANSWERED in runs of the old shape
    CallOutcome outcome = OutboundRules.outcome(state.answeredPerMeta(), state.rejected(),
        terminate != null && terminate.reportsError(), false);
    if (state.answeredPerMeta() && state.status() != CallStatus.CONNECTED) {
      // answered per Meta's terminate only (ACCEPTED lost or late): it connected all the same
      state.outboundConnected(now());
      notifyPermission(PermissionNotice.Kind.CONNECTED);
    } else if (OutboundRules.countsAsUnanswered(outcome)) {
      notifyPermission(PermissionNotice.Kind.UNANSWERED);
    }
    state.end(outcome, now());
    return finish();
  }

  @Override
  public OutboundConnectResult connectResult() {
    Workflow.await(state::connectAttemptDone);
    Refusal refusal = state.refusal();
    if (refusal != null) {
      CallRefusal details = new CallRefusal(refusal.code(), refusal.message(), refusal.retryAt(), refusal.graphCode(),
          view());
      throw ApplicationFailure.newNonRetryableFailure(refusal.message(), refusal.failureType(), details);
    }
    return new OutboundConnectResult(state.id(), state.wacid(), state.status());
  }

  @Override
  protected String hangUpRefusal(String requester) {
    if (!requester.equals(agentId)) {
      return "agent " + requester + " is not on this call";
    }
    if (state.outcome() != null || state.terminated() || state.status() == CallStatus.REFUSED) {
      return "the call is over";
    }
    return null;
  }
}
