package io.wacall.workflows.media;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.wacall.contract.WorkflowIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the checked-in CallMedia histories that {@link CallMediaReplayTest} replays. Run it only to
 * add a scenario: {@code ./mvnw -pl workflows test -Dtest=RecordCallMediaHistories -Dwacall.recordHistories=true}.
 */
@EnabledIfSystemProperty(named = "wacall.recordHistories", matches = "true")
class RecordCallMediaHistories {
  static final Path DIR = Path.of("src/test/resources/histories/CallMedia");

  @Test
  void record() throws Exception {
    Files.createDirectories(DIR);
    record("recording-stored", MediaKind.RECORDING, fake -> { });
    record("transcript-stored-after-two-checksum-mismatches", MediaKind.TRANSCRIPT, fake -> fake.checksumMismatches = 2);
    record("media-gone", MediaKind.RECORDING, fake -> fake.gone = true);
  }

  private void record(String name, MediaKind kind, Consumer<FakeMediaActivities> setUp) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(WorkflowIds.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(CallMediaWorkflowImpl.class);
      FakeMediaActivities fake = new FakeMediaActivities();
      setUp.accept(fake);
      worker.registerActivitiesImplementations(fake);
      env.start();
      CallMediaWorkflowTest test = new CallMediaWorkflowTest();
      test.env = env;
      try {
        test.stub(kind).fetch(CallMediaWorkflowTest.input(kind));
      } catch (RuntimeException failed) {
        // a failed run is part of the history
      }
      Files.writeString(DIR.resolve(name + ".json"), env.getWorkflowClient()
          .fetchHistory(CallMediaWorkflow.workflowId(kind, CallMediaWorkflowTest.WACID)).toJson(true));
    }
  }
}
