package io.wacall.workflows.settings;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.settings.CallingSettingsChange;
import io.wacall.contract.settings.CallingSettingsInput;
import io.wacall.contract.settings.CallingSettingsWorkflow;
import io.wacall.workflows.common.TestSearchAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the checked-in histories that {@link CallingSettingsReplayTest} replays:
 * {@code ./mvnw -pl workflows test -Dtest=RecordCallingSettingsHistories -Dwacall.recordHistories=true}.
 * A run never completes (it waits for the next change), so each history is the run as it stands
 * after its scenario; the replay checks every command it recorded.
 */
@EnabledIfSystemProperty(named = "wacall.recordHistories", matches = "true")
class RecordCallingSettingsHistories {
  static final Path DIR = Path.of("src/test/resources/histories/CallingSettings");
  static final String PHONE = "106540352242922";

  @Test
  void record() throws Exception {
    Files.createDirectories(DIR);
    record("change-pushed", null, (env, meta, changed) -> {
      changed.accept(1);
      env.sleep(Duration.ofSeconds(5));
      changed.accept(2);
      env.sleep(Duration.ofSeconds(5));
    });
    record("changes-during-a-push-coalesced", null, (env, meta, changed) -> {
      meta.hold();
      changed.accept(1);
      meta.awaitHeld();
      changed.accept(2);
      changed.accept(3);
      meta.release();
      env.sleep(Duration.ofSeconds(5));
    });
    record("refused-then-synced", null, (env, meta, changed) -> {
      meta.refused = Set.of(1L);
      changed.accept(1);
      env.sleep(Duration.ofMinutes(1));
      changed.accept(2);
      env.sleep(Duration.ofSeconds(5));
    });
    record("meta-failing-retried", null, (env, meta, changed) -> {
      meta.failFirstAttempts = 3;
      changed.accept(1);
      env.sleep(Duration.ofMinutes(1));
    });
    record("continued-as-new", 2, (env, meta, changed) -> {
      for (int revision = 1; revision <= 3; revision++) {
        changed.accept(revision);
        env.sleep(Duration.ofSeconds(5));
      }
    });
  }

  interface Scenario {
    void run(TestWorkflowEnvironment env, FakeCallingSettingsActivities meta, Change changed) throws Exception;
  }

  interface Change {
    void accept(long revision);
  }

  private void record(String name, Integer maxPushesPerRun, Scenario scenario) throws Exception {
    try (TestWorkflowEnvironment env = TestSearchAttributes.registered(TestWorkflowEnvironment.newInstance())) {
      Worker worker = env.newWorker(WorkflowIds.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(CallingSettingsWorkflowImpl.class);
      FakeCallingSettingsActivities meta = new FakeCallingSettingsActivities();
      worker.registerActivitiesImplementations(meta);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      String id = WorkflowIds.callingSettings(PHONE);
      String[] firstRun = new String[1];
      scenario.run(env, meta, revision -> {
        CallingSettingsWorkflow stub = client.newWorkflowStub(CallingSettingsWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(WorkflowIds.TASK_QUEUE).build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(stub::run, new CallingSettingsInput(PHONE, 0, 0, maxPushesPerRun));
        request.add(stub::desiredChanged, new CallingSettingsChange(revision));
        String run = client.signalWithStart(request).getRunId();
        if (firstRun[0] == null) {
          firstRun[0] = run;
        }
      });
      writeHistory(name, client.fetchHistory(id, firstRun[0]).toJson(true));
      if (maxPushesPerRun != null) {
        writeHistory(name + "-next-run", client.fetchHistory(id).toJson(true));
      }
    }
  }

  private static void writeHistory(String name, String json) throws IOException {
    Files.writeString(DIR.resolve(name + ".json"), json);
  }
}
