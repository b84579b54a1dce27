package io.wacall.api.call;

import io.wacall.contract.call.view.CallView;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.common.SearchAttributes;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.view.OutboundConnectResult;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The one place that builds call workflow stubs, so every start uses the same ID, queue, summary
 * and search attributes. The starter sets the call's fixed search attributes (business number,
 * direction, and an outbound call's agent), so the workflow need not upsert them; never the
 * customer's number (the server stores search attributes unencrypted).
 */
@Component
public class CallWorkflows {
  private final WorkflowClient client;
  private final String taskQueue;
  /** Fires the deadlines of bounded calls (a timer, no work of its own). */
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "call-placement-deadlines");
    thread.setDaemon(true);
    return thread;
  });

  public CallWorkflows(WorkflowClient client, TemporalProperties temporal) {
    this.client = client;
    this.taskQueue = temporal.taskQueue();
  }

  /**
   * Delivers a webhook event of a user-initiated call, starting its InboundCall if needed. One
   * wacid is one call, ever: an ID of a call that already ended is never reused, so a late
   * duplicate cannot ring the agents again (the start is refused and the caller ignores it).
   */
  public void signalInbound(String phoneNumberId, CallWebhookEvent event) {
    InboundCallInput input = new InboundCallInput(event.wacid(), phoneNumberId, null);
    InboundCallWorkflow stub = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(event.wacid()))
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary(InboundCallWorkflow.staticSummary(input))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(WacallSearchAttributes.PHONE_NUMBER_ID, phoneNumberId)
            .set(WacallSearchAttributes.CALL_DIRECTION, CallDirection.USER_INITIATED.name())
            .build())
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, input);
    request.add(stub::callEvent, event);
    client.signalWithStart(request);
  }

  /** Delivers a webhook event to a running call workflow by its ID (outbound calls). */
  public void signal(String workflowId, CallWebhookEvent event) {
    client.newUntypedWorkflowStub(workflowId).signal("callEvent", event);
  }

  /**
   * Update-with-start of an outbound call's {@code connectResult} (the same requestId joins the same
   * call), waiting at most {@code within}: the update needs a worker, and with none polling it would
   * wait for ever. Past the bound it throws {@link WorkflowUpdateTimeoutOrCancelledException}; the
   * run may have been started (see {@link #outboundRun}).
   */
  public OutboundConnectResult placeOutbound(OutboundCallInput input, Duration within) {
    OutboundCallWorkflow stub = startingOutbound(input);
    // the SDK's update-with-start polls until the update is accepted; a gRPC deadline on the
    // context bounds every call it makes, and its retryer stops when the context's deadline passes
    Context.CancellableContext bounded = Context.current().withDeadlineAfter(within.toMillis(), TimeUnit.MILLISECONDS,
        deadlines);
    try {
      return bounded.call(() -> WorkflowClient.executeUpdateWithStart(stub::connectResult,
          UpdateOptions.<OutboundConnectResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
          new WithStartWorkflowOperation<>(stub::run, input)));
    } catch (WorkflowServiceException e) {
      // the stub wraps the invoker's timeout in a WorkflowServiceException of the workflow
      if (e.getCause() instanceof WorkflowUpdateTimeoutOrCancelledException timedOut) {
        throw timedOut;
      }
      throw e;
    } catch (CancellationException e) {
      throw new WorkflowUpdateTimeoutOrCancelledException(WorkflowExecution.newBuilder()
          .setWorkflowId(WorkflowIds.outboundCall(input.requestId())).build(), "connectResult", null, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      bounded.cancel(null);
    }
  }

  /**
   * The input the latest run under {@code workflowId} was started with (its first history event),
   * decoded as the client decodes payloads; empty when no run has this ID.
   */
  public Optional<OutboundCallInput> outboundInput(String workflowId) {
    try {
      GetWorkflowExecutionHistoryResponse response = client.getWorkflowServiceStubs().blockingStub()
          .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .setMaximumPageSize(1)
              .build());
      if (response.getHistory().getEventsCount() == 0
          || !response.getHistory().getEvents(0).hasWorkflowExecutionStartedEventAttributes()) {
        return Optional.empty();
      }
      Payloads input = response.getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput();
      return Optional.ofNullable(client.getOptions().getDataConverter()
          .fromPayloads(0, Optional.of(input), OutboundCallInput.class, OutboundCallInput.class));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The latest run under {@code workflowId}, and whether a worker ever completed a workflow task of
   * it: until one has, the run has done nothing (no check, no connect: those are scheduled by a
   * completed task). Empty when no run has this ID.
   */
  public Optional<OutboundRun> outboundRun(String workflowId) {
    WorkflowExecutionDescription description;
    try {
      description = client.newUntypedWorkflowStub(workflowId).describe();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    String runId = description.getExecution().getRunId();
    boolean taken = client.fetchHistory(workflowId, runId).getEvents().stream()
        .anyMatch(HistoryEvent::hasWorkflowTaskCompletedEventAttributes);
    return Optional.of(new OutboundRun(workflowId, runId, description.getStatus(), description.getStartTime(), taken));
  }

  /**
   * One run of an outbound call.
   *
   * @param takenByWorker whether a worker completed a workflow task of it (it may have checked or connected)
   */
  public record OutboundRun(String workflowId, String runId, WorkflowExecutionStatus status, Instant startedAt,
      boolean takenByWorker) {
    public boolean running() {
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }
  }

  /** Terminates that run (not a later one under the same ID), with {@code reason} in its history. */
  public void withdraw(OutboundRun run, String reason) {
    client.newUntypedWorkflowStub(run.workflowId(), Optional.of(run.runId()), Optional.empty()).terminate(reason);
  }

  @PreDestroy
  void stopDeadlines() {
    deadlines.shutdownNow();
  }

  /** A stub for update-with-start of an outbound call: the same requestId joins the same call. */
  public OutboundCallWorkflow startingOutbound(OutboundCallInput input) {
    return client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.outboundCall(input.requestId()))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        // a requestId names one call forever: after it ended, the same key answers that call
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary(OutboundCallWorkflow.staticSummary(input))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(WacallSearchAttributes.PHONE_NUMBER_ID, input.phoneNumberId())
            .set(WacallSearchAttributes.CALL_DIRECTION, CallDirection.BUSINESS_INITIATED.name())
            .set(WacallSearchAttributes.AGENT_ID, input.agentId())
            .build())
        .build());
  }

  public InboundCallWorkflow inbound(String workflowId) {
    return client.newWorkflowStub(InboundCallWorkflow.class, workflowId);
  }

  public OutboundCallWorkflow outbound(String workflowId) {
    return client.newWorkflowStub(OutboundCallWorkflow.class, workflowId);
  }

  /** A call's view as its running workflow has it (its {@code state} query); empty once the run has closed. */
  public Optional<CallView> state(String workflowId) {
    try {
      return Optional.of(untyped(workflowId).query("state", CallView.class));
    } catch (WorkflowNotFoundException closed) {
      return Optional.empty();
    }
  }

  public WorkflowStub untyped(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId);
  }
}
