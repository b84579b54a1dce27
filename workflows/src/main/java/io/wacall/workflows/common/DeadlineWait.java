package io.wacall.workflows.common;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The main loops' "record the state if it changed, then wait until a condition or a deadline",
 * shared by the CallPermission and the call workflows, with one timer per deadline: the timer of a
 * deadline is started once, and a wake-up (a signal, an update, an activity's result) waits again
 * on the same timer instead of starting a new one. A new timer is started only when the deadline
 * itself changes; the one it replaces is cancelled if it has not fired (starting a timer is a
 * billable action, cancelling one is not, and a cancelled timer never wakes the run again).
 *
 * <p>{@link #decide()} must run first thing in the workflow method: it asks
 * {@code Workflow.getVersion} once ({@link #CHANGE_ID}), so runs recorded before this class existed
 * replay with the waits they ran ({@code Workflow.await(Duration, condition)}, a new timer per
 * wake-up). Deterministic: time from {@link Workflow#currentTimeMillis()}, nothing else.
 */
public final class DeadlineWait {
  /** The change ID that guards one timer per deadline: runs recorded before it replay with a timer per wake-up. */
  public static final String CHANGE_ID = "deadline-timer";

  /** What the loop records, and how it tells that the state changed. */
  public interface Recorder {
    /** Writes the state when it changed since the last write (or starts the write). */
    void recordIfChanged();

    /** The state's version: a change wakes the wait so that it gets recorded. */
    long version();

    /** A change waits for a write in flight to finish: wakes the wait when that write is done. */
    default boolean recordDue() {
      return false;
    }
  }

  private boolean oneTimerPerDeadline;
  private boolean decided;

  /** For runs that {@link #decide()}: the choice is made by their history. */
  public DeadlineWait() {}

  private DeadlineWait(boolean oneTimerPerDeadline) {
    this.oneTimerPerDeadline = oneTimerPerDeadline;
    this.decided = true;
  }

  /**
   * One timer per deadline, without asking {@code Workflow.getVersion}: for workflow code written
   * after {@link #CHANGE_ID}, which never ran the old waits.
   */
  public static DeadlineWait withOneTimerPerDeadline() {
    return new DeadlineWait(true);
  }

  private Instant timerDeadline;
  private Promise<Void> timer;
  private CancellationScope timerScope;

  /** Asks {@code Workflow.getVersion} once, first thing in the workflow method. */
  public void decide() {
    if (!decided) {
      decided = true;
      oneTimerPerDeadline = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    }
  }

  /**
   * Records the state if it changed, then waits until {@code done} holds or the deadline passes,
   * recording every change a handler makes meanwhile. {@code deadline} is asked again after every
   * change (null: no deadline). Returns whether {@code done} held; false when the deadline passed.
   */
  public boolean recordThenAwait(Supplier<Instant> deadline, Supplier<Boolean> done, Recorder recorder) {
    while (true) {
      recorder.recordIfChanged();
      if (done.get()) {
        return true;
      }
      Instant until = deadline.get();
      if (until != null && !now().isBefore(until)) {
        return false;
      }
      long seen = recorder.version();
      await(until, () -> done.get() || recorder.version() != seen || recorder.recordDue());
    }
  }

  /**
   * Waits until {@code wake} holds or {@code deadline} passes (null: no deadline). Returns whether
   * {@code wake} held. In a run that keeps one timer per deadline, the timer of {@code deadline} is
   * reused across calls; any other timer it kept is cancelled.
   */
  public boolean await(Instant deadline, Supplier<Boolean> wake) {
    Instant now = now();
    if (!oneTimerPerDeadline) {
      if (deadline == null) {
        Workflow.await(wake);
        return true;
      }
      return Workflow.await(Duration.between(now, deadline), wake);
    }
    if (deadline == null) {
      cancelTimer();
      Workflow.await(wake);
      return true;
    }
    if (!deadline.equals(timerDeadline) || (timer.isCompleted() && now.isBefore(deadline))) {
      cancelTimer();
      if (!now.isBefore(deadline)) {
        return wake.get();
      }
      Duration left = Duration.between(now, deadline);
      timerDeadline = deadline;
      timerScope = Workflow.newCancellationScope(() -> {
        timer = Workflow.newTimer(left);
      });
      timerScope.run();
    }
    Promise<Void> current = timer;
    Workflow.await(() -> wake.get() || current.isCompleted());
    return wake.get();
  }

  /** Cancels the timer kept for an earlier deadline, unless it fired; cancelling costs no action. */
  private void cancelTimer() {
    if (timerScope != null && !timer.isCompleted()) {
      timerScope.cancel();
    }
    timerScope = null;
    timer = null;
    timerDeadline = null;
  }

  /** The workflow's clock. */
  public static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
