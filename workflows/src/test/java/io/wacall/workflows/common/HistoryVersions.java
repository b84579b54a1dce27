package io.wacall.workflows.common;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.api.common.v1.Payloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The {@code Workflow.getVersion} change IDs a checked-in history recorded (its Version markers). */
public final class HistoryVersions {
  private HistoryVersions() {}

  public static Set<String> changeIds(Path history) throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    for (HistoryEvent event : WorkflowExecutionHistory.fromJson(Files.readString(history)).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
          && "Version".equals(event.getMarkerRecordedEventAttributes().getMarkerName())) {
        Payloads changeId = event.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId");
        if (changeId != null) {
          ids.add(DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0, Optional.of(changeId), String.class,
              String.class));
        }
      }
    }
    return ids;
  }

  public static boolean recorded(Path history, String changeId) {
    try {
      return changeIds(history).contains(changeId);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
