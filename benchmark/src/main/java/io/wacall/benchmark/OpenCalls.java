package io.wacall.benchmark;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.call.AnswerCall;
import io.wacall.workflows.call.AnswerOutcome;
import io.wacall.workflows.call.CallCloudApiActivities;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.CallRecordActivities;
import io.wacall.workflows.call.CloseCall;
import io.wacall.workflows.call.InboundCallWorkflowImpl;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.PlaceCall;
import io.wacall.workflows.call.RingAgent;
import io.wacall.workflows.call.RingMember;
import io.wacall.workflows.call.Routing;
import io.wacall.contract.call.view.CallView;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The worker heap an open call workflow costs while the worker keeps it cached: {@code open}
 * inbound calls (the real InboundCallWorkflowImpl), each started by signal-with-start of its connect
 * webhook as the adapter starts it, rung to one agent and answered through the {@code answer}
 * update, then left connected (a call in progress, waiting for its terminate webhook: the state a
 * call spends most of its life in; a call's run ends with the call, its wrap-up is in its record).
 * Activities do nothing but note what happened, so the workflow's own state and the SDK's
 * bookkeeping are what is measured. A worker of its own in this process, as {@link OpenPermissions}.
 */
final class OpenCalls {
  private static final String PHONE = "106540352288888";
  private static final String BUSINESS = "5511955550123";

  private OpenCalls() {}

  static OpenPermissions.Result measure(WorkflowClient client, int open) throws Exception {
    String taskQueue = "benchmark-open-calls-" + System.currentTimeMillis();
    NoCallActivities activities = new NoCallActivities();
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(open + 500).setMaxWorkflowThreadCount(open + 1_000).build());
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(InboundCallWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    factory.start();
    settle();
    long heapBefore = OpenPermissions.heapAfterGc();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    long rssBefore = OpenPermissions.rss();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      String run = Long.toString(System.currentTimeMillis());
      for (int i = 0; i < open; i++) {
        String wacid = "wacid.bench." + run + "." + i;
        String customer = "55219" + String.format("%08d", i);
        calls.add(pool.submit(() -> {
          connectAndAnswer(client, taskQueue, activities, wacid, customer);
          return null;
        }));
      }
      for (Future<?> f : calls) {
        f.get();
      }
      CallDriver.await(Duration.ofMinutes(10), Duration.ofMillis(200),
          activities.connected.size() + " of " + open + " connected", () -> activities.connected.size() >= open);
      double seconds = (System.nanoTime() - start) / 1e9;
      long heapAfter = OpenPermissions.heapAfterGc();
      return new OpenPermissions.Result(open, heapBefore, heapAfter, threadsBefore,
          ManagementFactory.getThreadMXBean().getThreadCount(), rssBefore, OpenPermissions.rss(), seconds);
    } finally {
      pool.shutdownNow();
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Waits (up to a minute) for the workflow threads of an earlier section's worker to be gone, so the baseline holds none. */
  private static void settle() throws InterruptedException {
    for (int i = 0; i < 120 && ManagementFactory.getThreadMXBean().getThreadCount() > 200; i++) {
      Thread.sleep(500);
    }
  }

  /** The adapter's signal-with-start of the connect webhook, then the agent's answer once it rings. */
  private static void connectAndAnswer(WorkflowClient client, String taskQueue, NoCallActivities activities,
      String wacid, String customer) throws Exception {
    InboundCallInput input = new InboundCallInput(wacid, PHONE, null);
    InboundCallWorkflow stub = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(wacid))
        .setTaskQueue(taskQueue)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(WacallSearchAttributes.PHONE_NUMBER_ID, PHONE)
            .set(WacallSearchAttributes.CALL_DIRECTION, CallDirection.USER_INITIATED.name())
            .build())
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, input);
    request.add(stub::callEvent, CallWebhookEvent.connect(wacid, Instant.now(), "v=0 offer", customer, BUSINESS,
        "USER_INITIATED"));
    client.signalWithStart(request);
    CallDriver.await(Duration.ofMinutes(5), Duration.ofMillis(20), wacid + " rung", () -> activities.rung.contains(wacid));
    for (int attempt = 0; ; attempt++) {
      try {
        stub.answer(new AnswerRequest("a-1", "v=0 answer"));
        return;
      } catch (WorkflowUpdateException refused) {
        // the ring is recorded a moment after the activity ran: try again, briefly
        if (attempt >= 50) {
          throw refused;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Activities that answer at once: one agent to ring, Meta agrees to everything, nothing stored. */
  static final class NoCallActivities implements CallDirectoryActivities, CallRecordActivities, CallCloudApiActivities {
    final Set<String> rung = ConcurrentHashMap.newKeySet();
    final Set<String> connected = ConcurrentHashMap.newKeySet();

    @Override
    public Routing loadRouting(String phoneNumberId) {
      return new Routing("+55 11 95555-0123", "BR", true, List.of(new RingMember("a-1", "Agent", null, true)),
          Duration.ofSeconds(30), null, false, null, Duration.ofSeconds(45));
    }

    @Override
    public OutboundCheck checkOutbound(String phoneNumberId, String to) {
      throw new UnsupportedOperationException("inbound calls only");
    }

    @Override
    public void ring(RingAgent command) {
      rung.add(command.call().wacid());
    }

    @Override
    public void save(CallView call) {}

    @Override
    public void close(CloseCall command) {}

    @Override
    public AnswerOutcome answer(AnswerCall command) {
      connected.add(command.wacid());
      return AnswerOutcome.connected();
    }

    @Override
    public String place(PlaceCall command) {
      throw new UnsupportedOperationException("inbound calls only");
    }

    @Override
    public void reject(String phoneNumberId, String wacid) {}

    @Override
    public void terminate(String phoneNumberId, String wacid) {}
  }
}
