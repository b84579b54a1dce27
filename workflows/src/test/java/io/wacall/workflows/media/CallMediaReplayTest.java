package io.wacall.workflows.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.workflows.common.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Replays the checked-in CallMedia histories against today's implementation. */
class CallMediaReplayTest {
  @Test
  void everyCheckedInCallMediaHistoryReplays() throws Exception {
    List<Path> histories;
    try (Stream<Path> files = Files.list(RecordCallMediaHistories.DIR)) {
      histories = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(histories).as("checked-in CallMedia histories").hasSizeGreaterThanOrEqualTo(3);
    Replay.all(histories, CallMediaWorkflowImpl.class);
  }
}
