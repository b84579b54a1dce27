package io.wacall.workflows.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.common.TestSearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webhook storm, property-style: for each seed, many calls get every one of their webhooks
 * delivered 1 to 5 times, shuffled together, from several threads at once, the way Meta's retries
 * and a dispatcher's redeliveries can bring them. Whatever the order, every call ends in the one
 * state its events describe, with exactly one ledger row. Inbound calls are started by each event
 * (signal-with-start, ID reuse rejected, as the webhook adapter does: an event that finds the call
 * closed is dropped); outbound calls are placed first, then receive their statuses and terminate.
 * A failing seed replays exactly: the seed picks every count and the order.
 */
class WebhookStormTest {
  static final String PHONE = "106540352242922";
  static final String BUSINESS = "5511955550123";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final int INBOUND_CALLS = 6;
  static final int OUTBOUND_CALLS = 6;

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(InboundCallWorkflowImpl.class, OutboundCallWorkflowImpl.class)
      .setDoNotStart(true)
      .setInitialTime(START)
      .build();

  private FakeCallActivities activities;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private final ExecutorService senders = Executors.newFixedThreadPool(4);

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    activities = new FakeCallActivities();
    // one member rung for a minute: nobody answers, and an inbound call ends on the caller's terminate
    activities.routing = FakeCallActivities.routing(Duration.ofSeconds(60), Duration.ofSeconds(60),
        FakeCallActivities.member("a-1"));
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  @AfterEach
  void tearDown() {
    senders.shutdownNow();
  }

  /**
   * What one call's events say, and how it may end: a terminate that overtakes Meta's REJECTED ends
   * the call before the REJECTED is known, as NOT_ANSWERED (both count as unanswered).
   */
  private record Scenario(String id, List<Runnable> deliveries, List<CallOutcome> expected, int seconds) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42})
  void everyCallEndsAsItsEventsSay_withOneLedgerRow_whateverTheOrderAndTheRepeats(long seed) throws Exception {
    Random random = new Random(seed);
    List<Scenario> scenarios = new ArrayList<>();
    for (int i = 0; i < INBOUND_CALLS; i++) {
      scenarios.add(inbound(seed, i, random));
    }
    for (int i = 0; i < OUTBOUND_CALLS; i++) {
      scenarios.add(outbound(seed, i, random));
    }
    List<Runnable> storm = new ArrayList<>();
    scenarios.forEach(s -> storm.addAll(s.deliveries()));
    Collections.shuffle(storm, random);
    List<Future<?>> sent = new ArrayList<>();
    for (Runnable delivery : storm) {
      sent.add(senders.submit(delivery));
    }
    for (Future<?> delivery : sent) {
      delivery.get();
    }
    // the calls whose terminate came first wait for nothing more; the others finish on their events
    for (Scenario s : scenarios) {
      CallView last = client.newUntypedWorkflowStub(s.id()).getResult(CallView.class);
      assertThat(last.outcome()).as(s.id() + " (seed " + seed + ")").isIn(s.expected());
      assertThat(last.durationSeconds()).as(s.id()).isEqualTo(s.seconds());
    }
    await().until(() -> activities.charges.size() >= scenarios.size());
    Map<String, List<ChargeRequest>> rows = activities.charges.stream()
        .collect(Collectors.groupingBy(ChargeRequest::callId));
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(scenarios.stream().map(Scenario::id).toList());
    assertThat(rows.values()).as("one ledger row per call").allSatisfy(r -> assertThat(r).hasSize(1));
    for (Scenario s : scenarios) {
      assertThat(rows.get(s.id()).get(0).connectedSeconds()).as(s.id()).isEqualTo(s.seconds());
    }
  }

  /** A caller who hangs up before anyone answers: connect and terminate, each 1-5 times. */
  private Scenario inbound(long seed, int n, Random random) {
    String wacid = "wacid.storm-" + seed + "-in-" + n;
    String customer = "55219876" + String.format("%05d", n);
    Instant at = now();
    CallWebhookEvent connect = CallWebhookEvent.connect(wacid, at, "v=0 offer", customer, BUSINESS, "USER_INITIATED");
    CallWebhookEvent terminate = CallWebhookEvent.terminate(wacid, at.plusSeconds(2), "COMPLETED", null, null, null,
        null, null, customer, BUSINESS, "USER_INITIATED");
    List<Runnable> deliveries = new ArrayList<>();
    repeat(random, deliveries, () -> signalInbound(wacid, connect));
    repeat(random, deliveries, () -> signalInbound(wacid, terminate));
    return new Scenario(WorkflowIds.inboundCall(wacid), deliveries, List.of(CallOutcome.ABANDONED), 0);
  }

  /** A placed call the customer answers (even calls) or rejects (odd): its statuses and terminate, each 1-5 times. */
  private Scenario outbound(long seed, int n, Random random) {
    String requestId = "storm-" + seed + "-out-" + n;
    String customer = "55219877" + String.format("%05d", n);
    OutboundCallInput input = new OutboundCallInput(requestId, PHONE, customer, "a-1", "v=0 agent-offer",
        Duration.ofMinutes(5));
    OutboundCallWorkflow call = client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.outboundCall(requestId))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build());
    OutboundConnectResult placed = WorkflowClient.executeUpdateWithStart(call::connectResult,
        UpdateOptions.<OutboundConnectResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(call::run, input));
    String wacid = placed.wacid();
    boolean answers = n % 2 == 0;
    int seconds = answers ? 20 + n : 0;
    Instant at = now();
    List<CallWebhookEvent> events = new ArrayList<>();
    events.add(CallWebhookEvent.connect(wacid, at, "v=0 meta-answer", BUSINESS, customer, "BUSINESS_INITIATED"));
    events.add(CallWebhookEvent.status(wacid, at.plusSeconds(1), answers ? "ACCEPTED" : "REJECTED"));
    Instant end = at.plusSeconds(1 + seconds);
    events.add(CallWebhookEvent.terminate(wacid, end, "COMPLETED", answers ? seconds : null,
        answers ? end.minusSeconds(seconds) : null, answers ? end : null, null, null, BUSINESS, customer,
        "BUSINESS_INITIATED"));
    List<Runnable> deliveries = new ArrayList<>();
    for (CallWebhookEvent event : events) {
      repeat(random, deliveries, () -> signalOutbound(requestId, event));
    }
    return new Scenario(WorkflowIds.outboundCall(requestId), deliveries,
        answers ? List.of(CallOutcome.COMPLETED) : List.of(CallOutcome.REJECTED, CallOutcome.NOT_ANSWERED), seconds);
  }

  private static void repeat(Random random, List<Runnable> deliveries, Runnable delivery) {
    int times = 1 + random.nextInt(5);
    for (int i = 0; i < times; i++) {
      deliveries.add(delivery);
    }
  }

  /** As the webhook adapter: signal-with-start, a call already closed drops the event. */
  private void signalInbound(String wacid, CallWebhookEvent event) {
    InboundCallInput input = new InboundCallInput(wacid, PHONE, null);
    InboundCallWorkflow stub = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(wacid))
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build());
    for (int attempt = 1; ; attempt++) {
      BatchRequest request = client.newSignalWithStartRequest();
      request.add(stub::run, input);
      request.add(stub::callEvent, event);
      try {
        client.signalWithStart(request);
        return;
      } catch (WorkflowExecutionAlreadyStarted ended) {
        return; // the call has ended: the adapter stores the event and ignores it
      } catch (WorkflowServiceException e) {
        // NOT_FOUND "Completed workflow": the run completed while the signal-with-start was served;
        // the dispatcher retries such a failure, and the retry finds the call ended (above)
        if (!(e.getCause() instanceof StatusRuntimeException status)
            || status.getStatus().getCode() != Status.Code.NOT_FOUND || attempt == 20) {
          throw e;
        }
      }
    }
  }

  /** As the webhook adapter: a signal to the run, dropped once it has closed. */
  private void signalOutbound(String requestId, CallWebhookEvent event) {
    try {
      client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowIds.outboundCall(requestId)).callEvent(event);
    } catch (WorkflowNotFoundException ended) {
      // the call has ended: the adapter stores the event and ignores it
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
