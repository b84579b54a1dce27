package io.wacall.benchmark;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's history as a timeline: each event with the milliseconds since the run started and
 * since the event before, and what it was (activity type, signal or update name). The server's
 * clock, so it shows where a call's time goes inside Temporal and the worker, apart from the
 * client's view.
 */
final class HistoryTimeline {
  private HistoryTimeline() {}

  static List<String> lines(WorkflowExecutionHistory history) {
    List<String> lines = new ArrayList<>();
    List<HistoryEvent> events = history.getEvents();
    long first = millis(events.get(0));
    long previous = first;
    for (HistoryEvent e : events) {
      long at = millis(e);
      lines.add(String.format(Locale.ROOT, "| %d | %d | +%d | %s %s |", e.getEventId(), at - first, at - previous,
          e.getEventType().name().replace("EVENT_TYPE_", ""), what(e)));
      previous = at;
    }
    return lines;
  }

  private static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  private static String what(HistoryEvent e) {
    if (e.hasActivityTaskScheduledEventAttributes()) {
      return e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
    }
    if (e.hasWorkflowExecutionSignaledEventAttributes()) {
      return e.getWorkflowExecutionSignaledEventAttributes().getSignalName();
    }
    if (e.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
      return e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput().getName();
    }
    if (e.hasMarkerRecordedEventAttributes()) {
      return e.getMarkerRecordedEventAttributes().getMarkerName();
    }
    if (e.hasTimerStartedEventAttributes()) {
      return e.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds() + " s";
    }
    return "";
  }
}
