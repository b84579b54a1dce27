package io.wacall.workflows.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.workflows.common.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays the checked-in CallingSettings histories ({@link RecordCallingSettingsHistories}) against
 * today's implementation: an edit that would break a running number's workflow fails here.
 */
class CallingSettingsReplayTest {
  @Test
  void everyCheckedInHistoryReplays() throws Exception {
    List<Path> histories;
    try (Stream<Path> files = Files.list(RecordCallingSettingsHistories.DIR)) {
      histories = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(histories).extracting(p -> p.getFileName().toString()).contains("change-pushed.json",
        "changes-during-a-push-coalesced.json", "refused-then-synced.json", "meta-failing-retried.json",
        "continued-as-new.json", "continued-as-new-next-run.json");
    Replay.all(histories, CallingSettingsWorkflowImpl.class);
  }
}
