package io.wacall.api.call;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.failure.TerminatedFailure;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Problems;
import io.wacall.backend.customer.CustomerNumbers;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.directory.OutboundCallProperties;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.call.view.TimelineEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Placing a business-initiated call for {@code POST /api/v1/calls}, once the request is checked: one
 * call per requestId (the same body joins it, also after it ended; another body is 409
 * {@code REQUEST_ID_REUSED}), bounded by {@code wacall.calling.place-timeout} (a call no worker took
 * by then is withdrawn, 503 {@code WORKER_UNAVAILABLE}, never placed later).
 */
@Component
class OutboundPlacement {
  /** Retry-After of a call no worker took: a worker restarting takes some seconds. */
  static final long WORKER_RETRY_AFTER_SECONDS = 10;
  private static final Logger log = LoggerFactory.getLogger(OutboundPlacement.class);

  private final CallWorkflows workflows;
  private final CallReadModel calls;
  private final OutboundCallProperties outbound;
  private final Clock clock;

  OutboundPlacement(CallWorkflows workflows, CallReadModel calls, OutboundCallProperties outbound, Clock clock) {
    this.workflows = workflows;
    this.calls = calls;
    this.outbound = outbound;
    this.clock = clock;
  }

  /** 202 once the checks and the connect attempt are done; a refusal as problem details. */
  ResponseEntity<OutboundConnectResult> place(OutboundCallInput input) {
    String id = WorkflowIds.outboundCall(input.requestId());
    // a requestId names one call: another body under it is a mistake, answered before joining anything
    Optional<OutboundCallInput> earlier = workflows.outboundInput(id);
    earlier.ifPresent(started -> requireSameCall(started, input));
    try {
      OutboundConnectResult result = workflows.placeOutbound(input, outbound.placeTimeout());
      joinedAnother(earlier, id, input);
      return ResponseEntity.accepted().body(result);
    } catch (WorkflowUpdateException e) {
      joinedAnother(earlier, id, input);
      throw CallRefusals.problem(e, clock);
    } catch (WorkflowUpdateTimeoutOrCancelledException e) {
      return notConnectedInTime(id, input);
    } catch (WorkflowServiceException e) {
      if (!(e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.ALREADY_EXISTS)) {
        throw e;
      }
      // this requestId's call has ended: answer with what became of it, never place a second one
      return ResponseEntity.accepted().body(ended(id));
    }
  }

  /** What became of an outbound call whose run has closed: its record, else the run's result. */
  private OutboundConnectResult ended(String id) {
    CallView ended = calls.find(id).orElse(null);
    if (ended == null) {
      try {
        ended = workflows.untyped(id).getResult(CallView.class);
      } catch (WorkflowFailedException e) {
        if (!(e.getCause() instanceof TerminatedFailure)) {
          throw e;
        }
        // withdrawn (terminated) before a worker took it, and its record could not be written
        return new OutboundConnectResult(id, null, CallStatus.REFUSED);
      }
    }
    return new OutboundConnectResult(ended.id(), ended.wacid(), ended.status());
  }

  /** 409 when the call under this requestId was placed with another body. */
  private static void requireSameCall(OutboundCallInput started, OutboundCallInput asked) {
    List<String> differ = new ArrayList<>();
    if (!Objects.equals(started.phoneNumberId(), asked.phoneNumberId())) {
      differ.add("phoneNumberId");
    }
    // a call started before the API normalised numbers holds the number as it was sent
    if (!Objects.equals(CustomerNumbers.waIdOrAsGiven(started.to()), asked.to())) {
      differ.add("to");
    }
    if (!Objects.equals(started.agentId(), asked.agentId())) {
      differ.add("agentId");
    }
    if (!Objects.equals(started.sdpOffer(), asked.sdpOffer())) {
      differ.add("sdpOffer");
    }
    if (!Objects.equals(started.ringTimeout(), asked.ringTimeout())) {
      differ.add("ringTimeoutSeconds");
    }
    if (!differ.isEmpty()) {
      throw Problems.error(HttpStatus.CONFLICT, ProblemCode.REQUEST_ID_REUSED.name(), "requestId " + started.requestId()
          + " names another call (its " + String.join(", ", differ) + " differ): a retry sends the same body; a new"
          + " call needs a new requestId");
    }
  }

  /** A request that found no call under its requestId may have joined one a concurrent request started. */
  private void joinedAnother(Optional<OutboundCallInput> earlier, String id, OutboundCallInput input) {
    if (earlier.isEmpty()) {
      workflows.outboundInput(id).ifPresent(started -> requireSameCall(started, input));
    }
  }

  /**
   * {@code wacall.calling.place-timeout} passed without the connect's result. A run no worker has
   * taken has done nothing: it is withdrawn (terminated, so a worker that comes later never places
   * it with an offer the agent's client has given up on), its record says so, and the answer is 503
   * with Retry-After. A run a worker took may be connecting: it is left alone and answered as it
   * stands (202, INITIATING until Meta answers); the same requestId learns the rest.
   */
  private ResponseEntity<OutboundConnectResult> notConnectedInTime(String id, OutboundCallInput input) {
    CallWorkflows.OutboundRun run = workflows.outboundRun(id).orElseThrow(() -> notStarted(id));
    if (!run.running()) {
      return ResponseEntity.accepted().body(ended(id));
    }
    if (!run.takenByWorker()) {
      String why = "no worker took the call within " + outbound.placeTimeout().toSeconds()
          + " s (wacall.calling.place-timeout): withdrawn before any check or connect, it will not be placed";
      try {
        workflows.withdraw(run, why);
      } catch (WorkflowNotFoundException closedMeanwhile) {
        return ResponseEntity.accepted().body(ended(id));
      }
      log.warn("outbound call {} withdrawn: {}", id, why);
      recordWithdrawn(run, input, why);
      ErrorResponseException unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
          ProblemCode.WORKER_UNAVAILABLE.name(), why + "; place it again with a fresh SDP offer and a new requestId");
      unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(WORKER_RETRY_AFTER_SECONDS));
      throw unavailable;
    }
    CallView state = workflows.state(id).map(calls::withStoredDisposition).orElse(null);
    return ResponseEntity.accepted().body(state == null ? new OutboundConnectResult(id, null, CallStatus.INITIATING)
        : new OutboundConnectResult(state.id(), state.wacid(), state.status()));
  }

  /** The update-with-start gave up before the start was known: Temporal answers too slowly or not at all. */
  private ErrorResponseException notStarted(String id) {
    ErrorResponseException unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
        ProblemCode.WORKFLOW_ENGINE_UNAVAILABLE.name(), "the workflow engine did not start the call " + id + " within "
            + outbound.placeTimeout().toSeconds() + " s; retry later");
    unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(WORKER_RETRY_AFTER_SECONDS));
    return unavailable;
  }

  /** The withdrawn call's record: refused, with the reason, so that it shows in the call list and answers a retry. */
  private void recordWithdrawn(CallWorkflows.OutboundRun run, OutboundCallInput input, String why) {
    Instant now = clock.instant();
    CallView view = new CallView(run.workflowId(), null, CallDirection.BUSINESS_INITIATED, input.phoneNumberId(),
        input.to(), input.agentId(), CallStatus.REFUSED, CallOutcome.FAILED, run.startedAt(), null, now, null, false,
        null, null, List.of(), null, null, false, null, why, ProblemCode.WORKER_UNAVAILABLE.name(), null, null,
        List.of(new TimelineEntry(now, "refused", ProblemCode.WORKER_UNAVAILABLE.name() + ": " + why)), 1, now);
    try {
      calls.record(view, run.runId());
    } catch (RuntimeException e) {
      log.warn("record of the withdrawn call {} not written: {}", run.workflowId(), e.getMessage());
    }
  }
}
