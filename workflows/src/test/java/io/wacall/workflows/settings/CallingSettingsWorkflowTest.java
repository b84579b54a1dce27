package io.wacall.workflows.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.settings.CallingSettingsChange;
import io.wacall.contract.settings.CallingSettingsInput;
import io.wacall.contract.settings.CallingSettingsProgress;
import io.wacall.contract.settings.CallingSettingsWorkflow;
import io.wacall.workflows.budget.ActionCounter;
import io.wacall.workflows.budget.ActionCounter.Breakdown;
import io.wacall.workflows.budget.ActionCounter.Category;
import io.wacall.workflows.common.TestSearchAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CallingSettings workflow on the time-skipping test server, started as the API starts it
 * (signal-with-start of {@code desiredChanged}, as {@code CallingSettingsWorkflows}): the latest
 * wanted settings win, Meta's refusal settles a revision, Meta failing is retried, the run
 * continues as new, and a change costs its few billable actions.
 */
class CallingSettingsWorkflowTest {
  static final String PHONE = "106540352242922";
  /** One change of a number that has no run yet: the signal-with-start (1) and one push (1). */
  static final int FIRST_CHANGE_ACTIONS = 2;

  final FakeCallingSettingsActivities meta = new FakeCallingSettingsActivities();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(CallingSettingsWorkflowImpl.class)
      .setActivityImplementations(meta)
      .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
  }

  @Test
  void aChangeIsPushedOnce_forTwoBillableActions() {
    changed(1, null);
    await().until(() -> progress().settledRevision() == 1);

    assertThat(meta.pushed).containsExactly(1L);
    assertThat(progress().lastOutcome()).isEqualTo("SYNCED");
    Breakdown actions = ActionCounter.count(client.fetchHistory(WorkflowIds.callingSettings(PHONE)))
        .print("CallingSettings: one change of a number's settings");
    assertThat(actions.get(Category.TIMERS)).isZero();
    assertThat(actions.total()).isEqualTo(FIRST_CHANGE_ACTIONS);

    // a later change costs its signal and its push
    changed(2, null);
    await().until(() -> progress().settledRevision() == 2);
    assertThat(ActionCounter.count(client.fetchHistory(WorkflowIds.callingSettings(PHONE))).total())
        .isEqualTo(FIRST_CHANGE_ACTIONS + 2);
  }

  @Test
  void changesWhileAPushRuns_areSettledByOnePushOfTheLatest() throws Exception {
    meta.hold();
    changed(1, null);
    meta.awaitHeld();
    changed(2, null);
    changed(3, null);
    changed(2, null); // an older revision is no news
    meta.release();

    await().until(() -> progress().settledRevision() == 3);
    assertThat(meta.pushed).containsExactly(1L, 3L);
    assertThat(progress().requestedRevision()).isEqualTo(3);
  }

  @Test
  void aPushReadsTheStoredRevision_soASignalOfAnOlderOneAfterItChangesNothing() {
    meta.stored.set(5); // the store moved on before the first push ran
    changed(4, null);
    await().until(() -> progress().settledRevision() == 5);
    changed(5, null); // the signal of revision 5 arrives after its push

    env.sleep(Duration.ofMinutes(1));
    assertThat(meta.pushed).containsExactly(5L);
  }

  @Test
  void metasRefusalSettlesTheRevision_andTheNextChangeIsPushedAnew() {
    meta.refused = Set.of(1L);
    changed(1, null);
    await().until(() -> progress().settledRevision() == 1);
    assertThat(progress().lastOutcome()).isEqualTo("REFUSED");
    env.sleep(Duration.ofHours(1));
    assertThat(meta.pushed).as("a refusal is not retried").containsExactly(1L);

    changed(2, null);
    await().until(() -> progress().settledRevision() == 2);
    assertThat(progress().lastOutcome()).isEqualTo("SYNCED");
    assertThat(meta.pushed).containsExactly(1L, 2L);
  }

  @Test
  void metaFailing_isRetriedWithBackoff_untilThePushGoesThrough() {
    meta.failFirstAttempts = 6;
    changed(1, null);
    env.sleep(Duration.ofMinutes(10));
    await().until(() -> progress().settledRevision() == 1);

    assertThat(meta.attempts.get()).isEqualTo(7);
    assertThat(meta.pushed).containsExactly(1L);
  }

  @Test
  void theRunContinuesAsNewAfterItsPushes_carryingWhatItSettled() {
    for (long revision = 1; revision <= 3; revision++) {
      changed(revision, 2);
      long r = revision;
      await().until(() -> progress().settledRevision() == r);
    }
    assertThat(meta.pushed).containsExactly(1L, 2L, 3L);
    assertThat(progress().pushes()).as("pushes of the run after continue-as-new").isEqualTo(1);
    assertThat(List.of(progress().requestedRevision(), progress().settledRevision())).containsExactly(3L, 3L);
  }

  /** What {@code CallingSettingsWorkflows.changed} does. */
  private void changed(long revision, Integer maxPushesPerRun) {
    CallingSettingsWorkflow stub = client.newWorkflowStub(CallingSettingsWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.callingSettings(PHONE))
        .setTaskQueue(taskQueue)
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, new CallingSettingsInput(PHONE, 0, 0, maxPushesPerRun));
    request.add(stub::desiredChanged, new CallingSettingsChange(revision));
    client.signalWithStart(request);
  }

  private CallingSettingsProgress progress() {
    return client.newWorkflowStub(CallingSettingsWorkflow.class, WorkflowIds.callingSettings(PHONE)).progress();
  }
}
