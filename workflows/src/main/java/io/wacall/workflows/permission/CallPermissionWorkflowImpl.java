package io.wacall.workflows.permission;

import static io.wacall.workflows.common.DeadlineWait.now;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.permission.PermissionData.Refusal;
import java.time.Duration;
import java.time.Instant;

/**
 * The CallPermission entity workflow. Handlers only change {@link PermissionData}; a main loop
 * applies timers, records the state, continues as new when the history grows, and completes when
 * nothing is left to remember. Deterministic: time comes from {@link Workflow#currentTimeMillis()},
 * all I/O from activities.
 *
 * <p>How a run records its state and what it costs depends on when it started, asked once per run
 * of {@code Workflow.getVersion} ({@link #ACTION_BUDGET_CHANGE}) by whoever comes first: {@link #run}
 * right at its start, or a handler of the first workflow task, which a signal- or update-with-start
 * runs before {@code run} begins. A run recorded before the change has no marker and replays as it
 * ran, with {@link CallPermissionRunBeforeBudget} (today's code of those runs, frozen, with its own
 * change IDs); a run since follows {@link CallPermissionRunInBudget}, which explains how it keeps a
 * request, the customer's accept and a connected call within 9 billable actions.
 *
 * <p>A signed reply never overrides newer state: a reply older than the pair's last change is
 * ignored ({@link PermissionData#applyReply}). The last change outlives the run: the read model
 * records it, and a fresh run (the previous one completed, nothing was left to remember) loads it
 * with {@code LoadPermissionRecord} before any handler changes anything ({@link #REPLY_FLOOR_CHANGE}).
 */
public class CallPermissionWorkflowImpl implements CallPermissionWorkflow {
  /** Continue-as-new well before the server's 50k-event limit; keeps replays of a long grant cheap. */
  static final int DEFAULT_MAX_HISTORY_EVENTS = 2_000;
  /** When Meta refuses a request without saying until when, the shortest window that could block. */
  static final Duration META_THROTTLE_FALLBACK = PermissionRules.SHORT_WINDOW;
  /**
   * The {@code Workflow.getVersion} change ID of the reply floor: a fresh run loads the pair's last
   * recorded state, handlers wait for it, and a reply older than the pair's last change is stale.
   * Asked by runs before {@link #ACTION_BUDGET_CHANGE} only: every run since follows it.
   */
  static final String REPLY_FLOOR_CHANGE = "reply-floor";
  /**
   * The {@code Workflow.getVersion} change ID of the action budget ({@link CallPermissionRunInBudget}):
   * asked first, before the older change IDs, which only runs without it go on to ask.
   */
  static final String ACTION_BUDGET_CHANGE = "permission-action-budget";
  /** Replies a run ignored as stale (through the SDK's replay-safe metrics scope). */
  static final String STALE_REPLIES_METRIC = "wacall.permission.replies.stale";

  private final String phoneNumberId;
  private final String waId;
  private final PermissionData data;
  private final PermissionRun.Context context;
  /** This run's behaviour; decided once, see {@link #thisRun()}. */
  private PermissionRun run;

  @WorkflowInit
  public CallPermissionWorkflowImpl(PermissionInput input) {
    this.phoneNumberId = input.phoneNumberId();
    this.waId = input.waId();
    PermissionData carried = CarriedState.read(input.carried());
    this.data = carried != null ? carried : new PermissionData();
    this.context = new PermissionRun.Context(phoneNumberId, waId, input.maxHistoryEvents(),
        input.maxHistoryEvents() != null ? input.maxHistoryEvents() : DEFAULT_MAX_HISTORY_EVENTS, data, carried == null);
  }

  @Override
  public PermissionView run(PermissionInput input) {
    return thisRun().run();
  }

  @Override
  public void validateRequestPermission(PermissionRequest request) {
    if (request == null) {
      throw ApplicationFailure.newNonRetryableFailure("a request body is required", "InvalidRequest");
    }
    Refusal refusal = data.refusalAt(now(), request.limits());
    if (refusal != null) {
      throw PermissionFailures.refused(refusal, state());
    }
  }

  @Override
  public PermissionRequestResult requestPermission(PermissionRequest request) {
    return thisRun().requestPermission(request);
  }

  @Override
  public void permissionReply(PermissionReply reply) {
    thisRun().permissionReply(reply);
  }

  @Override
  public void callConnected(CallEvent call) {
    thisRun().callConnected(call);
  }

  @Override
  public void callUnanswered(CallEvent call) {
    thisRun().callUnanswered(call);
  }

  @Override
  public void requestStatus(RequestDeliveryStatus status) {
    thisRun().requestStatus(status);
  }

  @Override
  public PermissionView state() {
    return data.view(phoneNumberId, waId, now());
  }

  /**
   * This run's behaviour, decided by {@code Workflow.getVersion(ACTION_BUDGET_CHANGE)} at the first
   * call: the same code asks at the same point on replay. A run that started before the change is
   * replayed from its start by a worker with this code, so its first asking is always in replay,
   * finds no marker, and the run goes on as it began.
   */
  private PermissionRun thisRun() {
    if (run == null) {
      boolean inBudget = Workflow.getVersion(ACTION_BUDGET_CHANGE, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
      run = inBudget ? new CallPermissionRunInBudget(context) : new CallPermissionRunBeforeBudget(context);
    }
    return run;
  }

  /** The run's current details, for people: the state in a line, and what the run waits for. */
  static String describe(PermissionView v, Instant deadline) {
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
}
