package io.wacall.workflows.common;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays checked-in histories against today's workflow code, all of one type on one worker.
 *
 * <p>The SDK's deadlock detector (a workflow thread that holds on for over 1 s) is meant for stuck
 * workflow code; on a build machine loaded with other test JVMs, a replay's first workflow task,
 * which loads the classes, has taken longer than that and failed a build. Replays here give it
 * 10 s: nondeterminism is still caught, the detector just stops timing class loading.
 */
public final class Replay {
  private static final long DEADLOCK_DETECTION_MILLIS = 10_000;

  private Replay() {}

  /** Replays every history; the first that does not replay fails with the SDK's own error. */
  public static void all(List<Path> histories, Class<?> workflowType) throws Exception {
    List<WorkflowExecutionHistory> loaded = new ArrayList<>();
    for (Path history : histories) {
      loaded.add(WorkflowExecutionHistory.fromJson(Files.readString(history)));
    }
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay", WorkerOptions.newBuilder()
          .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION_MILLIS).build());
      worker.registerWorkflowImplementationTypes(workflowType);
      for (int i = 0; i < loaded.size(); i++) {
        try {
          WorkflowReplayer.replayWorkflowExecution(loaded.get(i), worker);
        } catch (Exception | Error e) {
          throw new AssertionError(histories.get(i) + " does not replay: " + e, e);
        }
      }
    }
  }
}
