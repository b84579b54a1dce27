package io.wacall.workflows.call;

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
 * Replays checked-in histories against today's implementations: a change that would break running
 * InboundCall or OutboundCall workflows (a non-deterministic edit) fails the build here.
 */
class CallReplayTest {
  @Test
  void everyCheckedInInboundCallHistoryReplays() throws Exception {
    List<Path> histories = histories(RecordCallHistories.INBOUND_DIR);
    assertThat(histories).as("checked-in InboundCall histories").hasSizeGreaterThanOrEqualTo(5);
    Replay.all(histories, InboundCallWorkflowImpl.class);
  }

  @Test
  void everyCheckedInOutboundCallHistoryReplays() throws Exception {
    List<Path> histories = histories(RecordCallHistories.OUTBOUND_DIR);
    assertThat(histories).as("checked-in OutboundCall histories").hasSizeGreaterThanOrEqualTo(6);
    Replay.all(histories, OutboundCallWorkflowImpl.class);
  }

  /**
   * Runs of both shapes are checked in: recorded before one timer per deadline (a new timer per
   * wake-up) and since ({@link DeadlineWait#CHANGE_ID}); the tests above replay them all.
   */
  @Test
  void historiesFromBeforeAndSinceOneTimerPerDeadlineAreCheckedIn() throws Exception {
    List<Path> inbound = histories(RecordCallHistories.INBOUND_DIR);
    assertThat(inbound).filteredOn(h -> HistoryVersions.recorded(h, DeadlineWait.CHANGE_ID))
        .as("InboundCall histories since one timer per deadline").hasSizeGreaterThanOrEqualTo(5);
    assertThat(inbound).filteredOn(h -> !HistoryVersions.recorded(h, DeadlineWait.CHANGE_ID))
        .as("InboundCall histories from before").hasSizeGreaterThanOrEqualTo(10);
    List<Path> outbound = histories(RecordCallHistories.OUTBOUND_DIR);
    assertThat(outbound).filteredOn(h -> HistoryVersions.recorded(h, DeadlineWait.CHANGE_ID))
        .as("OutboundCall histories since one timer per deadline").hasSizeGreaterThanOrEqualTo(6);
    assertThat(outbound).filteredOn(h -> !HistoryVersions.recorded(h, DeadlineWait.CHANGE_ID))
        .as("OutboundCall histories from before").hasSizeGreaterThanOrEqualTo(12);
  }

  /** Runs of the current shape ({@link CallShape#CHANGE_ID}) are checked in beside the legacy ones. */
  @Test
  void historiesOfTheCurrentShapeAreCheckedIn() throws Exception {
    assertThat(histories(RecordCallHistories.INBOUND_DIR))
        .filteredOn(h -> HistoryVersions.recorded(h, CallShape.CHANGE_ID))
        .as("InboundCall histories of the current shape").hasSizeGreaterThanOrEqualTo(5);
    assertThat(histories(RecordCallHistories.OUTBOUND_DIR))
        .filteredOn(h -> HistoryVersions.recorded(h, CallShape.CHANGE_ID))
        .as("OutboundCall histories of the current shape").hasSizeGreaterThanOrEqualTo(6);
  }

  static List<Path> histories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
