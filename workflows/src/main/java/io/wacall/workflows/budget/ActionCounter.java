package io.wacall.workflows.budget;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts the billable actions of one workflow run in its event history, by Temporal Cloud's
 * published rules as the action-budget issue states them:
 *
 * <ul>
 *   <li>a start is 1; signal-with-start is 1 in all (the signal that came with the start is free);
 *       update-with-start is 1 plus 1 per accepted update (the update is counted as an update);
 *   <li>each signal, each accepted update, each timer started, each activity scheduled and each
 *       activity retry (an attempt past the first) is 1;
 *   <li>a search-attribute upsert is 1, unless it only sets {@code TemporalChangeVersion} (the one the
 *       SDK writes for {@code Workflow.getVersion});
 *   <li>all local activities recorded by one workflow task are 1 together;
 *   <li>continue-as-new is 1; a child workflow start is 2;
 *   <li>a signal or cancel request sent to another workflow is 1 (Cloud's rule; not used by wacall).
 * </ul>
 *
 * <p>A run that began by continue-as-new or as a child has its start counted where it was asked
 * for (the previous run's continue-as-new, the parent's child start), so its own start is 0 here:
 * summing the runs of a chain never counts a start twice. What a history does not show is not
 * counted: queries, activity heartbeats, rejected updates, refused signals.
 *
 * <p>One counter for the action-budget tests (workflows) and the benchmark's cost per call
 * (benchmark module), so that the figures they print follow the same rules; pure code over a
 * history, no Temporal client.
 *
 * <p>How retries show: the server writes an activity's {@code ActivityTaskStarted} once, when the
 * activity closes, carrying the attempt that closed it; so attempt {@code n} means {@code n - 1}
 * retries. An activity still running (no started event yet) has no retries counted.
 */
public final class ActionCounter {
  /** The marker the Java SDK records per local activity ({@code LocalActivityMarkerUtils.MARKER_NAME}). */
  public static final String LOCAL_ACTIVITY_MARKER = "LocalActivity";
  /** The marker name the Core-based SDKs (TypeScript, Python, .NET, Ruby) use for local activities. */
  public static final String CORE_LOCAL_ACTIVITY_MARKER = "core_local_activity";
  /** The search attribute {@code Workflow.getVersion} upserts; upserts of it alone are free. */
  public static final String CHANGE_VERSION_ATTRIBUTE = "TemporalChangeVersion";

  /** How the run began. */
  public enum StartKind {
    /** A plain start: 1. */
    START("start"),
    /** Signal-with-start: 1, and the signal that came with it 0. */
    SIGNAL_WITH_START("signal-with-start"),
    /** Update-with-start: 1, plus the update (counted with the accepted updates). */
    UPDATE_WITH_START("update-with-start"),
    /** Continued from another run: 0 here (that run's continue-as-new was the action). */
    CONTINUED_AS_NEW("continued as new"),
    /** Started by a parent: 0 here (the parent's child start counted 2). */
    CHILD("child of another workflow");

    private final String label;

    StartKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What the actions are spent on, in the order the breakdown prints them. */
  public enum Category {
    START("start"),
    SIGNALS("signals"),
    UPDATES_ACCEPTED("updates accepted"),
    TIMERS("timers"),
    ACTIVITIES_SCHEDULED("activities scheduled"),
    ACTIVITY_RETRIES("activity retries"),
    SEARCH_ATTRIBUTE_UPSERTS("search-attribute upserts"),
    LOCAL_ACTIVITY_TASKS("local activities (per workflow task)"),
    CONTINUE_AS_NEW("continue-as-new"),
    CHILD_WORKFLOW_STARTS("child workflow starts (2 each)"),
    EXTERNAL_SIGNALS_AND_CANCELS("signals/cancels to other workflows");

    private final String label;

    Category(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private ActionCounter() {}

  public static Breakdown count(WorkflowExecutionHistory history) {
    return count(history.getEvents());
  }

  public static Breakdown count(List<HistoryEvent> events) {
    Map<Category, Integer> actions = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      actions.put(c, 0);
    }
    Map<Category, Map<String, Integer>> detail = new EnumMap<>(Category.class);
    List<String> annotated = new ArrayList<>();
    int freeUpserts = 0;
    Map<String, Integer> uncountedMarkers = new TreeMap<>();
    Set<Long> localActivityTasks = new HashSet<>();
    Map<Long, String> activityTypeByScheduledId = new LinkedHashMap<>();

    StartKind start = startKind(events);
    int freeSignalIndex = start == StartKind.SIGNAL_WITH_START ? signalWithStartIndex(events) : -1;

    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      Category category = null;
      String what = "";
      String annotatedSequencing = "";
      int n = 1;
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
          what = start.label();
          if (start == StartKind.START || start == StartKind.SIGNAL_WITH_START || start == StartKind.UPDATE_WITH_START) {
            category = Category.START;
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
          what = e.getWorkflowExecutionSignaledEventAttributes().getSignalName();
          if (i != freeSignalIndex) {
            category = Category.SIGNALS;
          } else {
            what += " (came with the start: free)";
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          category = Category.UPDATES_ACCEPTED;
          what = e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput().getName();
          annotatedSequencing = " (sequenced at event "
              + e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequestSequencingEventId() + ")";
        }
        case EVENT_TYPE_TIMER_STARTED -> {
          category = Category.TIMERS;
          what = describe(e.getTimerStartedEventAttributes().getStartToFireTimeout());
        }
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          category = Category.ACTIVITIES_SCHEDULED;
          what = e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
          activityTypeByScheduledId.put(e.getEventId(), what);
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          ActivityTaskStartedEventAttributes started = e.getActivityTaskStartedEventAttributes();
          what = activityTypeByScheduledId.getOrDefault(started.getScheduledEventId(), "?");
          n = Math.max(0, started.getAttempt() - 1);
          if (n > 0) {
            category = Category.ACTIVITY_RETRIES;
          } else {
            what += " (attempt " + started.getAttempt() + ")";
          }
        }
        case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
          Set<String> keys = new TreeSet<>(e.getUpsertWorkflowSearchAttributesEventAttributes().getSearchAttributes()
              .getIndexedFieldsMap().keySet());
          what = String.join("+", keys);
          if (keys.isEmpty() || keys.equals(Set.of(CHANGE_VERSION_ATTRIBUTE))) {
            freeUpserts++;
            what += " (free)";
          } else {
            category = Category.SEARCH_ATTRIBUTE_UPSERTS;
          }
        }
        case EVENT_TYPE_MARKER_RECORDED -> {
          String name = e.getMarkerRecordedEventAttributes().getMarkerName();
          long task = e.getMarkerRecordedEventAttributes().getWorkflowTaskCompletedEventId();
          if (LOCAL_ACTIVITY_MARKER.equals(name) || CORE_LOCAL_ACTIVITY_MARKER.equals(name)) {
            what = "workflow task " + task;
            if (localActivityTasks.add(task)) {
              category = Category.LOCAL_ACTIVITY_TASKS;
            } else {
              what += " (already counted)";
            }
          } else {
            what = name + " (free)";
            uncountedMarkers.merge(name, 1, Integer::sum);
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> {
          category = Category.CONTINUE_AS_NEW;
          what = e.getWorkflowExecutionContinuedAsNewEventAttributes().getWorkflowType().getName();
        }
        case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
          category = Category.CHILD_WORKFLOW_STARTS;
          what = e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowType().getName();
          n = 2;
        }
        case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED -> {
          category = Category.EXTERNAL_SIGNALS_AND_CANCELS;
          what = "signal " + e.getSignalExternalWorkflowExecutionInitiatedEventAttributes().getSignalName();
        }
        case EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED -> {
          category = Category.EXTERNAL_SIGNALS_AND_CANCELS;
          what = "cancel request";
        }
        default -> {
          // workflow tasks, completions, closes, update completions, activity results: free
        }
      }
      int billed = category == null ? 0 : n;
      if (category != null) {
        actions.merge(category, n, Integer::sum);
        detail.computeIfAbsent(category, c -> new TreeMap<>()).merge(what, n, Integer::sum);
      }
      annotated.add(String.format("%4d %-24s %-44s %s%s", e.getEventId(),
          e.hasEventTime() ? com.google.protobuf.util.Timestamps.toString(e.getEventTime()) : "",
          e.getEventType().name().replace("EVENT_TYPE_", ""), billed > 0 ? "+" + billed + " " : "", what + annotatedSequencing));
    }
    return new Breakdown(start, actions, detail, freeUpserts, uncountedMarkers, events.size(), annotated);
  }

  /**
   * How the run began, from its first events: continued as new or a child (from the started
   * event), signal-with-start (see {@link #signalWithStartIndex}), update-with-start, or a plain
   * start. Update-with-start leaves no mark on the started event, but its update travels with the
   * run's first workflow task: the first workflow task accepts it, and the accepted request was
   * sequenced no later than that task's start. An update sent to a run already started is accepted
   * by a later task, or sequenced after the first task started.
   */
  public static StartKind startKind(List<HistoryEvent> events) {
    if (events.isEmpty() || events.get(0).getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      throw new IllegalArgumentException("a history starts with WorkflowExecutionStarted");
    }
    WorkflowExecutionStartedEventAttributes started = events.get(0).getWorkflowExecutionStartedEventAttributes();
    if (!started.getContinuedExecutionRunId().isEmpty()) {
      return StartKind.CONTINUED_AS_NEW;
    }
    if (started.hasParentWorkflowExecution()) {
      return StartKind.CHILD;
    }
    if (signalWithStartIndex(events) > 0) {
      return StartKind.SIGNAL_WITH_START;
    }
    long firstTaskStarted = -1;
    for (HistoryEvent e : events) {
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
          if (firstTaskStarted >= 0) {
            return StartKind.START; // a second workflow task began before any update was accepted
          }
          firstTaskStarted = e.getEventId();
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          long sequencedAt = e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequestSequencingEventId();
          return firstTaskStarted >= 0 && sequencedAt <= firstTaskStarted ? StartKind.UPDATE_WITH_START : StartKind.START;
        }
        default -> {
        }
      }
    }
    return StartKind.START;
  }

  /**
   * The index of the signal that came with the start, or -1. A real server writes signal-with-start
   * as one batch, {@code WorkflowExecutionStarted}, {@code WorkflowExecutionSignaled},
   * {@code WorkflowTaskScheduled}, every event with the batch's task ID. The SDK's test server
   * schedules the first workflow task before it writes the signal, and sets no task IDs. So: the
   * first signal counts as part of the start when nothing but the first {@code WorkflowTaskScheduled}
   * stands between it and the start and, where the server set task IDs, it has the start's. (On the
   * test server a plain start whose first signal arrives before the first workflow task is picked up
   * looks the same: there the caller knows which it did.)
   */
  static int signalWithStartIndex(List<HistoryEvent> events) {
    HistoryEvent started = events.get(0);
    for (int i = 1; i < events.size() && i <= 2; i++) {
      HistoryEvent e = events.get(i);
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
        boolean taskIds = started.getTaskId() != 0 && e.getTaskId() != 0;
        return !taskIds || e.getTaskId() == started.getTaskId() ? i : -1;
      }
      if (e.getEventType() != EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
        return -1;
      }
    }
    return -1;
  }

  private static String describe(com.google.protobuf.Duration d) {
    long seconds = d.getSeconds();
    if (d.getNanos() != 0) {
      return String.format("%.3f s", seconds + d.getNanos() / 1e9);
    }
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + " h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }

  /**
   * The actions of one run, by category, with what each category was spent on (activity types,
   * signal and update names, timer durations, search-attribute sets upserted).
   */
  public record Breakdown(StartKind startKind, Map<Category, Integer> actions,
      Map<Category, Map<String, Integer>> detail, int freeUpserts, Map<String, Integer> uncountedMarkers,
      int events, List<String> annotatedEvents) {

    public int total() {
      return actions.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int get(Category category) {
      return actions.getOrDefault(category, 0);
    }

    /** What one category was spent on, e.g. activity type to count; empty when nothing. */
    public Map<String, Integer> detail(Category category) {
      return detail.getOrDefault(category, Map.of());
    }

    /** One readable line per category and a total, titled. */
    public List<String> lines(String title) {
      List<String> lines = new ArrayList<>();
      lines.add("[action budget] " + title + " (" + startKind.label() + ", " + events + " history events)");
      for (Category c : Category.values()) {
        Map<String, Integer> what = detail(c);
        lines.add(String.format("[action budget]   %-38s %3d%s", c.label(), get(c),
            what.isEmpty() ? "" : "   " + what));
      }
      if (freeUpserts > 0 || !uncountedMarkers.isEmpty()) {
        lines.add("[action budget]   (free: " + freeUpserts + " TemporalChangeVersion-only upsert(s), markers "
            + uncountedMarkers + ")");
      }
      lines.add(String.format("[action budget]   %-38s %3d", "TOTAL", total()));
      return lines;
    }

    /**
     * Prints {@link #lines} to standard output and returns this; with the system property
     * {@code wacall.budget.events=true}, every history event too, with what it costs.
     */
    public Breakdown print(String title) {
      if (Boolean.getBoolean("wacall.budget.events")) {
        annotatedEvents.forEach(line -> System.out.println("[action budget]     " + line));
      }
      lines(title).forEach(System.out::println);
      return this;
    }
  }
}
