package io.wacall.workflows.permission;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays checked-in histories against today's implementation: a change that would break running
 * CallPermission workflows (a non-deterministic edit) fails the build here.
 */
class CallPermissionReplayTest {
  @Test
  void everyCheckedInHistoryReplays() throws Exception {
    List<Path> histories = histories();
    assertThat(histories).as("checked-in CallPermission histories").hasSizeGreaterThanOrEqualTo(4);
    for (Path history : histories) {
      WorkflowReplayer.replayWorkflowExecution(Files.readString(history), CallPermissionWorkflowImpl.class);
    }
  }

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(RecordPermissionHistories.DIR)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
