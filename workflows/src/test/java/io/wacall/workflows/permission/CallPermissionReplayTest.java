package io.wacall.workflows.permission;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.workflows.common.DeadlineWait;
import io.wacall.workflows.common.HistoryVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import io.wacall.workflows.common.Replay;
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
    Replay.all(histories, CallPermissionWorkflowImpl.class);
  }

  /**
   * Runs of every shape are checked in: recorded before one timer per deadline (a new timer per
   * wake-up), since ({@link DeadlineWait#CHANGE_ID}), and since the action budget
   * ({@link CallPermissionWorkflowImpl#ACTION_BUDGET_CHANGE}, which asks no older change ID); the
   * test above replays them all.
   */
  @Test
  void historiesFromBeforeAndSinceOneTimerPerDeadlineAndTheActionBudgetAreCheckedIn() throws Exception {
    List<Path> histories = histories();
    assertThat(histories).filteredOn(h -> HistoryVersions.recorded(h, CallPermissionWorkflowImpl.ACTION_BUDGET_CHANGE))
        .as("CallPermission histories since the action budget").hasSizeGreaterThanOrEqualTo(8);
    assertThat(histories).filteredOn(h -> HistoryVersions.recorded(h, DeadlineWait.CHANGE_ID))
        .as("CallPermission histories since one timer per deadline").hasSizeGreaterThanOrEqualTo(7);
    assertThat(histories).filteredOn(h -> !HistoryVersions.recorded(h, DeadlineWait.CHANGE_ID)
            && !HistoryVersions.recorded(h, CallPermissionWorkflowImpl.ACTION_BUDGET_CHANGE))
        .as("CallPermission histories from before").hasSizeGreaterThanOrEqualTo(17);
    assertThat(histories).extracting(h -> h.getFileName().toString())
        .as("a run with a request sent unconfirmed (issue 10, bug 2) and a decline that lapses after the answer")
        .contains("request-unconfirmed-declined-lapses-action-budget.json");
  }

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(RecordPermissionHistories.DIR)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
