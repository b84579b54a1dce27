package io.wacall.workflows.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.history.v1.SignalExternalWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.api.history.v1.TimerStartedEventAttributes;
import io.temporal.api.history.v1.UpsertWorkflowSearchAttributesEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAcceptedEventAttributes;
import io.temporal.api.update.v1.Input;
import io.temporal.api.update.v1.Request;
import io.temporal.common.WorkflowExecutionHistory;
import io.wacall.workflows.budget.ActionCounter.Breakdown;
import io.wacall.workflows.budget.ActionCounter.Category;
import io.wacall.workflows.budget.ActionCounter.StartKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each counting rule of {@link ActionCounter}, pinned on hand-built histories; and the start kind it
 * reads from the checked-in histories the test server recorded.
 */
class ActionBudgetCounterTest {

  @Test
  void aPlainStartIsOne_andWorkflowTasksAndTheCompletionAreFree() {
    Breakdown b = count(h -> h.started().task().completed());
    assertThat(b.startKind()).isEqualTo(StartKind.START);
    assertThat(b.get(Category.START)).isEqualTo(1);
    assertThat(b.total()).isEqualTo(1);
  }

  @Test
  void signalWithStart_asARealServerWritesIt_isOneInAll_andLaterSignalsAreOneEach() {
    // one batch: Started, Signaled, WorkflowTaskScheduled, all with the batch's task ID
    Breakdown b = count(h -> h.taskId(7).started().signaled("callEvent").scheduled().taskId(8).startedTask()
        .completedTask().taskId(9).signaled("callEvent").signaled("callEvent"));
    assertThat(b.startKind()).isEqualTo(StartKind.SIGNAL_WITH_START);
    assertThat(b.get(Category.START)).isEqualTo(1);
    assertThat(b.get(Category.SIGNALS)).isEqualTo(2);
    assertThat(b.total()).isEqualTo(3);
  }

  @Test
  void signalWithStart_asTheTestServerWritesIt_isOneInAll() {
    // the SDK's test server schedules the first workflow task before it writes the signal, without task IDs
    Breakdown b = count(h -> h.started().scheduled().signaled("permissionReply").startedTask().completedTask());
    assertThat(b.startKind()).isEqualTo(StartKind.SIGNAL_WITH_START);
    assertThat(b.get(Category.SIGNALS)).isZero();
    assertThat(b.total()).isEqualTo(1);
  }

  @Test
  void aSignalToARunAlreadyStarted_isOneMore() {
    // a real server: the signal is in a later batch (another task ID), though before the first task started
    Breakdown early = count(h -> h.taskId(7).started().scheduled().taskId(8).signaled("callEvent").startedTask());
    assertThat(early.startKind()).isEqualTo(StartKind.START);
    assertThat(early.total()).isEqualTo(2);
    // any server: the signal came after the first workflow task started
    Breakdown later = count(h -> h.started().scheduled().startedTask().signaled("callEvent").completedTask());
    assertThat(later.startKind()).isEqualTo(StartKind.START);
    assertThat(later.get(Category.SIGNALS)).isEqualTo(1);
    assertThat(later.total()).isEqualTo(2);
  }

  @Test
  void updateWithStart_isOnePlusOnePerUpdate() {
    Breakdown b = count(h -> h.started().scheduled().startedTask().completedTask()
        .updateAccepted("connectResult", 2).task().updateAccepted("setDisposition", 9));
    assertThat(b.startKind()).isEqualTo(StartKind.UPDATE_WITH_START);
    assertThat(b.get(Category.START)).isEqualTo(1);
    assertThat(b.get(Category.UPDATES_ACCEPTED)).isEqualTo(2);
    assertThat(b.detail(Category.UPDATES_ACCEPTED)).containsEntry("connectResult", 1).containsEntry("setDisposition", 1);
    assertThat(b.total()).isEqualTo(3);
  }

  @Test
  void anUpdateToARunAlreadyStarted_isAPlainStartAndOneUpdate() {
    // accepted by the second workflow task
    Breakdown b = count(h -> h.started().task().task().updateAccepted("answer", 5));
    assertThat(b.startKind()).isEqualTo(StartKind.START);
    assertThat(b.total()).isEqualTo(2);
    // accepted by the first task, but its request was sequenced after that task started
    Breakdown late = count(h -> h.started().scheduled().startedTask().completedTask().updateAccepted("answer", 4));
    assertThat(late.startKind()).isEqualTo(StartKind.START);
    assertThat(late.total()).isEqualTo(2);
  }

  @Test
  void eachTimerStartedIsOne_firedAndCanceledAreFree() {
    Breakdown b = count(h -> h.started().task().timer(10).timer(3600).event(EventType.EVENT_TYPE_TIMER_FIRED)
        .event(EventType.EVENT_TYPE_TIMER_CANCELED));
    assertThat(b.get(Category.TIMERS)).isEqualTo(2);
    assertThat(b.detail(Category.TIMERS)).containsEntry("10 s", 1).containsEntry("1 h", 1);
    assertThat(b.total()).isEqualTo(3);
  }

  @Test
  void eachActivityScheduledIsOne_andEachRetryOneMore_fromTheAttemptOfItsStartedEvent() {
    Breakdown b = count(h -> h.started().task()
        .activityScheduled("RecordCall").activityScheduled("ConnectCall").activityScheduled("NotifyAgent")
        .activityStarted(0, 1).event(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
        .activityStarted(1, 3).event(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED));
    // NotifyAgent has not started (still scheduled, or timed out before a start): no retry counted
    assertThat(b.get(Category.ACTIVITIES_SCHEDULED)).isEqualTo(3);
    assertThat(b.get(Category.ACTIVITY_RETRIES)).isEqualTo(2);
    assertThat(b.detail(Category.ACTIVITY_RETRIES)).containsOnlyKeys("ConnectCall");
    assertThat(b.total()).isEqualTo(1 + 3 + 2);
  }

  @Test
  void aSearchAttributeUpsertIsOne_unlessItOnlySetsTemporalChangeVersion() {
    Breakdown b = count(h -> h.started().task()
        .upsert("TemporalChangeVersion")
        .upsert("WaCallStatus")
        .upsert("TemporalChangeVersion", "WaPhoneNumberId"));
    assertThat(b.get(Category.SEARCH_ATTRIBUTE_UPSERTS)).isEqualTo(2);
    assertThat(b.freeUpserts()).isEqualTo(1);
    assertThat(b.total()).isEqualTo(3);
  }

  @Test
  void allLocalActivitiesOfOneWorkflowTaskAreOne_andOtherMarkersAreFree() {
    Breakdown b = count(h -> h.started().task()
        .marker(ActionCounter.LOCAL_ACTIVITY_MARKER, 4).marker(ActionCounter.LOCAL_ACTIVITY_MARKER, 4)
        .marker(ActionCounter.LOCAL_ACTIVITY_MARKER, 4).marker("Version", 4).marker("SideEffect", 4)
        .task().marker(ActionCounter.LOCAL_ACTIVITY_MARKER, 10)
        .task().marker(ActionCounter.CORE_LOCAL_ACTIVITY_MARKER, 13));
    assertThat(b.get(Category.LOCAL_ACTIVITY_TASKS)).isEqualTo(3);
    assertThat(b.uncountedMarkers()).containsEntry("Version", 1).containsEntry("SideEffect", 1);
    assertThat(b.total()).isEqualTo(4);
  }

  @Test
  void theJavaSdksLocalActivityMarkerIsTheOneCounted() {
    assertThat(ActionCounter.LOCAL_ACTIVITY_MARKER)
        .isEqualTo(io.temporal.internal.history.LocalActivityMarkerUtils.MARKER_NAME);
  }

  @Test
  void continueAsNewIsOne_andTheContinuedRunsStartIsNotCountedAgain() {
    Breakdown first = count(h -> h.started().task().event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW));
    assertThat(first.get(Category.CONTINUE_AS_NEW)).isEqualTo(1);
    assertThat(first.total()).isEqualTo(2);

    Breakdown next = count(h -> h.startedContinuing("previous-run").task().timer(60));
    assertThat(next.startKind()).isEqualTo(StartKind.CONTINUED_AS_NEW);
    assertThat(next.get(Category.START)).isZero();
    assertThat(next.total()).isEqualTo(1);
  }

  @Test
  void aChildWorkflowStartIsTwo_andTheChildsOwnStartIsNotCountedAgain() {
    Breakdown parent = count(h -> h.started().task().childStarted("CallPermission"));
    assertThat(parent.get(Category.CHILD_WORKFLOW_STARTS)).isEqualTo(2);
    assertThat(parent.total()).isEqualTo(3);

    Breakdown child = count(h -> h.startedAsChildOf("parent-id").task());
    assertThat(child.startKind()).isEqualTo(StartKind.CHILD);
    assertThat(child.total()).isZero();
  }

  @Test
  void aSignalSentToAnotherWorkflowIsOne() {
    Breakdown b = count(h -> h.started().task().signalExternal("callConnected"));
    assertThat(b.get(Category.EXTERNAL_SIGNALS_AND_CANCELS)).isEqualTo(1);
    assertThat(b.total()).isEqualTo(2);
  }

  @Test
  void theBreakdownPrintsOneLinePerCategoryAndATotal() {
    Breakdown b = count(h -> h.started().task().activityScheduled("RecordCall").activityScheduled("RecordCall")
        .timer(5));
    List<String> lines = b.lines("example");
    assertThat(lines).hasSize(1 + Category.values().length + 1); // title, one per category, total
    assertThat(lines.get(0)).contains("example").contains("start");
    assertThat(lines).anyMatch(l -> l.contains("activities scheduled") && l.contains("2") && l.contains("RecordCall=2"));
    assertThat(lines.get(lines.size() - 1)).contains("TOTAL").endsWith(" 4");
  }

  @Test
  void theCheckedInHistoriesAreReadWithTheStartTheirRecorderUsed() throws IOException {
    Path root = Path.of("src/test/resources/histories");
    for (Path file : histories(root.resolve("InboundCall"))) {
      assertThat(kindOf(file)).as(file.toString()).isEqualTo(StartKind.SIGNAL_WITH_START);
    }
    for (Path file : histories(root.resolve("OutboundCall"))) {
      assertThat(kindOf(file)).as(file.toString()).isEqualTo(StartKind.UPDATE_WITH_START);
    }
    for (Path file : histories(root.resolve("CallPermission"))) {
      String name = file.getFileName().toString();
      StartKind expected = name.startsWith("reply-with-start") ? StartKind.SIGNAL_WITH_START
          : name.startsWith("request-with-start") ? StartKind.UPDATE_WITH_START : null;
      if (expected != null) {
        assertThat(kindOf(file)).as(name).isEqualTo(expected);
      }
    }
  }

  // --- helpers

  private static StartKind kindOf(Path file) throws IOException {
    return ActionCounter.count(WorkflowExecutionHistory.fromJson(Files.readString(file))).startKind();
  }

  private static List<Path> histories(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(all).as(dir.toString()).isNotEmpty();
      return all;
    }
  }

  private static Breakdown count(UnaryOperator<History> build) {
    return ActionCounter.count(build.apply(new History()).events);
  }

  /** Builds a history event by event: IDs in order, the task ID last set (0: none, as the test server). */
  static final class History {
    final List<HistoryEvent> events = new ArrayList<>();
    private final List<Long> activities = new ArrayList<>();
    private long taskId;

    History taskId(long id) {
      this.taskId = id;
      return this;
    }

    History started() {
      return add(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, e -> e.setWorkflowExecutionStartedEventAttributes(
          WorkflowExecutionStartedEventAttributes.newBuilder().setWorkflowType(type("Example"))));
    }

    History startedContinuing(String previousRunId) {
      return add(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, e -> e.setWorkflowExecutionStartedEventAttributes(
          WorkflowExecutionStartedEventAttributes.newBuilder().setWorkflowType(type("Example"))
              .setContinuedExecutionRunId(previousRunId)));
    }

    History startedAsChildOf(String parentId) {
      return add(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, e -> e.setWorkflowExecutionStartedEventAttributes(
          WorkflowExecutionStartedEventAttributes.newBuilder().setWorkflowType(type("Example"))
              .setParentWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(parentId).setRunId("r"))));
    }

    /** A whole workflow task: scheduled, started, completed. */
    History task() {
      return scheduled().startedTask().completedTask();
    }

    History scheduled() {
      return event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    }

    History startedTask() {
      return event(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    }

    History completedTask() {
      return event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    }

    History completed() {
      return event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    }

    History signaled(String name) {
      return add(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, e -> e.setWorkflowExecutionSignaledEventAttributes(
          WorkflowExecutionSignaledEventAttributes.newBuilder().setSignalName(name)));
    }

    History updateAccepted(String name, long sequencedAt) {
      return add(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
          e -> e.setWorkflowExecutionUpdateAcceptedEventAttributes(WorkflowExecutionUpdateAcceptedEventAttributes
              .newBuilder().setAcceptedRequestSequencingEventId(sequencedAt)
              .setAcceptedRequest(Request.newBuilder().setInput(Input.newBuilder().setName(name)))));
    }

    History timer(long seconds) {
      return add(EventType.EVENT_TYPE_TIMER_STARTED, e -> e.setTimerStartedEventAttributes(
          TimerStartedEventAttributes.newBuilder().setTimerId(String.valueOf(events.size() + 1))
              .setStartToFireTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))));
    }

    History activityScheduled(String activityType) {
      activities.add((long) events.size() + 1);
      return add(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, e -> e.setActivityTaskScheduledEventAttributes(
          ActivityTaskScheduledEventAttributes.newBuilder().setActivityType(ActivityType.newBuilder()
              .setName(activityType))));
    }

    /** The started event of the {@code index}-th activity scheduled, with the attempt that closed it. */
    History activityStarted(int index, int attempt) {
      return add(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, e -> e.setActivityTaskStartedEventAttributes(
          ActivityTaskStartedEventAttributes.newBuilder().setScheduledEventId(activities.get(index))
              .setAttempt(attempt)));
    }

    History upsert(String... keys) {
      SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
      for (String key : keys) {
        attributes.putIndexedFields(key, Payload.getDefaultInstance());
      }
      return add(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          e -> e.setUpsertWorkflowSearchAttributesEventAttributes(UpsertWorkflowSearchAttributesEventAttributes
              .newBuilder().setSearchAttributes(attributes)));
    }

    History marker(String name, long workflowTaskCompletedEventId) {
      return add(EventType.EVENT_TYPE_MARKER_RECORDED, e -> e.setMarkerRecordedEventAttributes(
          MarkerRecordedEventAttributes.newBuilder().setMarkerName(name)
              .setWorkflowTaskCompletedEventId(workflowTaskCompletedEventId)));
    }

    History childStarted(String workflowType) {
      return add(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
          e -> e.setStartChildWorkflowExecutionInitiatedEventAttributes(
              StartChildWorkflowExecutionInitiatedEventAttributes.newBuilder().setWorkflowType(type(workflowType))));
    }

    History signalExternal(String name) {
      return add(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
          e -> e.setSignalExternalWorkflowExecutionInitiatedEventAttributes(
              SignalExternalWorkflowExecutionInitiatedEventAttributes.newBuilder().setSignalName(name)));
    }

    History event(EventType type) {
      if (type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
        return add(type, e -> e.setWorkflowExecutionContinuedAsNewEventAttributes(
            WorkflowExecutionContinuedAsNewEventAttributes.newBuilder().setWorkflowType(type("Example"))));
      }
      return add(type, e -> e);
    }

    private History add(EventType type, UnaryOperator<HistoryEvent.Builder> attributes) {
      events.add(attributes.apply(HistoryEvent.newBuilder().setEventId(events.size() + 1).setEventType(type)
          .setTaskId(taskId)).build());
      return this;
    }

    private static WorkflowType type(String name) {
      return WorkflowType.newBuilder().setName(name).build();
    }
  }
}
