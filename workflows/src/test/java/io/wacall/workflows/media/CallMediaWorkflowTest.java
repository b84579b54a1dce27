package io.wacall.workflows.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.wacall.contract.WorkflowIds;
import io.wacall.workflows.budget.ActionCounter;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CallMedia on the time-skipping test server: store then record, retries, a media Meta no longer has, its budget. */
class CallMediaWorkflowTest {
  static final String WACID = "wacid.HBgLMTYzMTU1NTExODEVAgASGBQzQTM3QTJGNjMyRjMwMTNCRTAwMAA=";
  /** A recording fetched and recorded: the start and two activities. */
  static final int ACTION_TARGET = 3;

  TestWorkflowEnvironment env;
  FakeMediaActivities fake;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(WorkflowIds.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(CallMediaWorkflowImpl.class);
    fake = new FakeMediaActivities();
    worker.registerActivitiesImplementations(fake);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  static CallMediaInput input(MediaKind kind) {
    return new CallMediaInput("106540352242922", WACID, kind, "1038572903842817",
        "kCe8XW7RdF1c5hpHZ2tNVPsT+Dl4LDS0UAZGsXbN0yc=", "audio/ogg; codecs=opus", Instant.parse("2026-03-02T09:05:00Z"));
  }

  CallMediaWorkflow stub(MediaKind kind) {
    return env.getWorkflowClient().newWorkflowStub(CallMediaWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(CallMediaWorkflow.workflowId(kind, WACID)).setTaskQueue(WorkflowIds.TASK_QUEUE)
        // as CallMediaRouter starts it
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build());
  }

  @Test
  void storesThenRecords_andCostsThreeActions() {
    StoredMedia stored = stub(MediaKind.RECORDING).fetch(input(MediaKind.RECORDING));
    assertThat(stored.objectKey()).isEqualTo("recordings/106540352242922/" + WACID.replace('=', '_') + ".ogg");
    assertThat(fake.recorded).containsExactly(stored);
    ActionCounter.Breakdown actions = ActionCounter.count(env.getWorkflowClient()
        .fetchHistory(CallMediaWorkflow.workflowId(MediaKind.RECORDING, WACID)))
        .print("CallMedia, a recording stored");
    assertThat(actions.total()).isLessThanOrEqualTo(ACTION_TARGET);
  }

  @Test
  void aChecksumMismatchIsRetried_andRecordedOnceWhenADownloadIsWhole() {
    fake.checksumMismatches = 2;
    StoredMedia stored = stub(MediaKind.TRANSCRIPT).fetch(input(MediaKind.TRANSCRIPT));
    assertThat(fake.storeAttempts).hasValue(3);
    assertThat(fake.recorded).containsExactly(stored);
    assertThat(stored.objectKey()).startsWith("transcripts/").endsWith(".json");
  }

  @Test
  void mediaMetaNoLongerHasFailsTheRunAtOnce_withoutRecordingAnything() {
    fake.gone = true;
    assertThatThrownBy(() -> stub(MediaKind.RECORDING).fetch(input(MediaKind.RECORDING)))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOf(ApplicationFailure.class)
        .satisfies(f -> assertThat(((ApplicationFailure) f).getType()).isEqualTo(CallMediaActivities.MEDIA_GONE));
    assertThat(fake.storeAttempts).hasValue(1);
    assertThat(fake.recorded).isEmpty();
  }

  @Test
  void aSecondStartOfTheSameMediaIsRefused() {
    CallMediaWorkflow first = stub(MediaKind.RECORDING);
    first.fetch(input(MediaKind.RECORDING));
    assertThatThrownBy(() -> WorkflowClient.start(stub(MediaKind.RECORDING)::fetch, input(MediaKind.RECORDING)))
        .isInstanceOf(io.temporal.client.WorkflowExecutionAlreadyStarted.class);
  }
}
