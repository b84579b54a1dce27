package io.wacall.benchmark;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The baseline of the call lifecycle: a workflow with the shape of an answered inbound call (as
 * many signals, updates, timers, activities, local-activity tasks and search-attribute upserts
 * as the real call's history shows) and empty bodies, run on the same Temporal server with the
 * SDK's default worker settings (wacall's worker sets none either). The driver starts it by
 * signal-with-start (Meta's connect), sees it ringing through a query (the agent's client polls
 * its ringing list), answers it with an update and sends the remaining signals (the terminate).
 */
final class BareCall {
  private BareCall() {}

  /** How many of each a run does; the real call's counts, from its history. */
  public record Shape(int signals, int updates, int timers, int activities, int localActivityTasks, int upserts) {}

  @WorkflowInterface
  public interface Call {
    @WorkflowMethod
    String run(Shape shape);

    @SignalMethod
    void event(String name);

    @UpdateMethod
    String answer(String agent);

    @QueryMethod
    boolean ringing();
  }

  @ActivityInterface
  public interface Nothing {
    void nothing(String step);
  }

  public static final class NothingImpl implements Nothing {
    @Override
    public void nothing(String step) {
      // empty on purpose: the baseline measures the engine, not work
    }
  }

  public static final class CallImpl implements Call {
    private static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("WaCallStatus");
    private final Nothing activities = Workflow.newActivityStub(Nothing.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
    private final Nothing local = Workflow.newLocalActivityStub(Nothing.class,
        LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
    private int signals;
    private boolean ringing;
    private boolean answered;

    @Override
    public String run(Shape shape) {
      int localLeft = shape.localActivityTasks();
      int activitiesLeft = shape.activities();
      int upsertsLeft = shape.upserts();
      // before ringing: a local-activity task (the routing read), half the activities, an upsert
      if (localLeft > 0) {
        local.nothing("routing");
        localLeft--;
      }
      for (int i = 0; i < shape.activities() / 2; i++, activitiesLeft--) {
        activities.nothing("before-answer-" + i);
      }
      if (upsertsLeft > 0) {
        Workflow.upsertTypedSearchAttributes(STATUS.valueSet("RINGING"));
        upsertsLeft--;
      }
      ringing = true;
      CancellationScope timers = Workflow.newCancellationScope(() -> {
        for (int i = 0; i < shape.timers(); i++) {
          Workflow.newTimer(Duration.ofMinutes(5));
        }
      });
      timers.run();
      Workflow.await(() -> answered);
      ringing = false;
      timers.cancel();
      if (localLeft > 0) {
        local.nothing("answered");
        localLeft--;
      }
      if (upsertsLeft > 1) {
        Workflow.upsertTypedSearchAttributes(STATUS.valueSet("CONNECTED"));
        upsertsLeft--;
      }
      // the signal that started the run is free and counted by none: wait for the others
      Workflow.await(() -> signals > shape.signals());
      for (; activitiesLeft > 0; activitiesLeft--) {
        activities.nothing("after-end-" + activitiesLeft);
      }
      for (; localLeft > 0; localLeft--) {
        local.nothing("end");
      }
      for (; upsertsLeft > 0; upsertsLeft--) {
        Workflow.upsertTypedSearchAttributes(STATUS.valueSet("ENDED"));
      }
      Workflow.await(Workflow::isEveryHandlerFinished);
      return "ended";
    }

    @Override
    public void event(String name) {
      signals++;
    }

    @Override
    public String answer(String agent) {
      answered = true;
      return "answered";
    }

    @Override
    public boolean ringing() {
      return ringing;
    }
  }
}
