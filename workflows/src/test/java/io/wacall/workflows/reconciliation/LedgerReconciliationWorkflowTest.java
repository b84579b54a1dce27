package io.wacall.workflows.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.workflows.reconciliation.ReconciliationActivities.ReconciledDay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import io.wacall.workflows.common.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daily ledger reconciliation on the time-skipping test server, and its checked-in histories. */
class LedgerReconciliationWorkflowTest {
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final Path HISTORIES = Path.of("src/test/resources/histories/LedgerReconciliation");

  /** The outside world: the days reconciled, in order; the first {@code failures} attempts fail. */
  static final class Activities implements ReconciliationActivities {
    final List<LocalDate> days = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public ReconciledDay reconcileDay(LocalDate day) {
      attempts.incrementAndGet();
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("Meta's analytics did not answer");
      }
      days.add(day);
      return new ReconciledDay(day, 2, 0);
    }
  }

  final Activities activities = new Activities();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(LedgerReconciliationWorkflowImpl.class)
      .setActivityImplementations(activities)
      .setInitialTime(START)
      .build();

  @Test
  void givenAFirstStart_itReconcilesYesterdayAtOnceAndThenEachDayAfterItHasSettled(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(client, worker, ReconciliationInput.fromYesterday());
    await().until(() -> activities.days.size() == 1);
    assertThat(activities.days).containsExactly(LocalDate.parse("2026-03-01"));

    // 2 March is read at 06:00 on the 3rd, not before
    env.sleep(Duration.between(START, Instant.parse("2026-03-03T05:59:00Z")));
    assertThat(activities.days).hasSize(1);
    env.sleep(Duration.ofMinutes(2));
    await().until(() -> activities.days.size() == 2);
    env.sleep(Duration.ofDays(3));
    await().until(() -> activities.days.size() == 5);
    assertThat(activities.days).containsExactly(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"),
        LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-04"), LocalDate.parse("2026-03-05"));
  }

  @Test
  void givenAWorkerAwayForDays_itCatchesUpOneDayPerRunWithoutWaiting(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(client, worker, new ReconciliationInput(LocalDate.parse("2026-02-25"), null));
    await().until(() -> activities.days.size() == 5);
    assertThat(activities.days).first().isEqualTo(LocalDate.parse("2026-02-25"));
    assertThat(activities.days).last().isEqualTo(LocalDate.parse("2026-03-01"));
    assertThat(env.currentTimeMillis()).isLessThan(Instant.parse("2026-03-03T06:00:00Z").toEpochMilli());
  }

  @Test
  void givenMetaDown_theDayIsRetriedUntilItAnswersAndNoDayIsSkipped(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.failures.set(3);
    start(client, worker, ReconciliationInput.fromYesterday());
    await().until(() -> activities.attempts.get() >= 1);
    env.sleep(Duration.ofHours(2));
    await().until(() -> activities.days.size() == 1);
    assertThat(activities.attempts.get()).isEqualTo(4);
    assertThat(activities.days).containsExactly(LocalDate.parse("2026-03-01"));
  }

  @Test
  void eachRunIsAHandfulOfEvents(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(client, worker, ReconciliationInput.fromYesterday());
    env.sleep(Duration.ofDays(30));
    await().until(() -> activities.days.size() == 31);
    WorkflowExecutionHistory current = client.fetchHistory(LedgerReconciliationWorkflow.WORKFLOW_ID);
    assertThat(current.getEvents()).hasSizeLessThanOrEqualTo(12);
    assertThat(current.getEvents().stream().map(HistoryEvent::getEventType))
        .contains(EventType.EVENT_TYPE_TIMER_STARTED).doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED);
  }

  @Test
  void everyCheckedInHistoryReplays() throws Exception {
    List<Path> histories;
    try (Stream<Path> files = Files.list(HISTORIES)) {
      histories = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(histories).as("checked-in LedgerReconciliation histories").hasSizeGreaterThanOrEqualTo(2);
    Replay.all(histories, LedgerReconciliationWorkflowImpl.class);
  }

  static void start(WorkflowClient client, Worker worker, ReconciliationInput input) {
    LedgerReconciliationWorkflow workflow = client.newWorkflowStub(LedgerReconciliationWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(LedgerReconciliationWorkflow.WORKFLOW_ID)
            .setTaskQueue(worker.getTaskQueue())
            .build());
    WorkflowClient.start(workflow::run, input);
  }
}
