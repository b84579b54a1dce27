package io.wacall.benchmark;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.wacall.workflows.budget.ActionCounter;
import io.wacall.workflows.budget.ActionCounter.Category;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Items 1 and 3 of the benchmark. The call lifecycle: {@code calls} answered inbound calls,
 * {@code concurrency} at a time, end to end through the real edges (the sandbox's connect
 * webhook, the ringing list the agent's client polls, the answer through the API, the customer's
 * terminate webhook, the ledger row, the disposition), against {@link BareCall} of the same
 * shape driven the same way on the same Temporal server. Connect to first ring: from the
 * customer's call to the primary agent's ringing list showing it, while a background load of
 * inbound calls nobody answers arrives at a fixed rate.
 */
final class CallThroughput {
  static final String TASK_QUEUE = "benchmark-bare-calls";

  record Lifecycle(int calls, int concurrency, double wacallPerSecond, double barePerSecond,
      BareCall.Shape shape, int wacallActions, int bareActions, List<String> lastCallTimeline) {
    double ratio() {
      return wacallPerSecond / barePerSecond;
    }
  }

  record FirstRing(int samples, int backgroundPerSecond, double p50Ms, double p99Ms, double maxMs, int errors) {}

  private final CallDriver driver;
  private final WorkflowClient temporal;
  private final String run = Long.toString(System.currentTimeMillis() % 100_000);

  CallThroughput(Stack stack, WorkflowClient temporal) {
    this.driver = new CallDriver(stack);
    this.temporal = temporal;
  }

  Lifecycle lifecycle(int calls, int concurrency, int warmup) throws Exception {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      String number = "1065403523" + String.format("%05d", 10_000 + i);
      driver.businessNumber(number, List.of("tp-" + i));
      numbers.add(number);
    }
    AtomicInteger customer = new AtomicInteger();
    String firstId = wacallCall(numbers.get(0), 0, customer.incrementAndGet());
    ActionCounter.Breakdown real = ActionCounter.count(temporal.fetchHistory(firstId));
    BareCall.Shape shape = new BareCall.Shape(real.get(Category.SIGNALS), real.get(Category.UPDATES_ACCEPTED),
        real.get(Category.TIMERS), real.get(Category.ACTIVITIES_SCHEDULED), real.get(Category.LOCAL_ACTIVITY_TASKS),
        real.get(Category.SEARCH_ATTRIBUTE_UPSERTS));
    WorkerFactory factory = WorkerFactory.newInstance(temporal);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(BareCall.CallImpl.class);
    worker.registerActivitiesImplementations(new BareCall.NothingImpl());
    factory.start();
    try {
      String firstBare = bareCall(shape, "warm-0");
      int bareActions = ActionCounter.count(temporal.fetchHistory(firstBare)).total();
      // warm-up of both, then the measured rounds, wacall first
      timed(warmup, concurrency, i -> wacallCall(numbers.get(i % concurrency), i % concurrency,
          customer.incrementAndGet()));
      timed(warmup, concurrency, i -> bareCall(shape, "warm-" + (i + 1)));
      String[] last = new String[1];
      double wacall = calls / timed(calls, concurrency, i -> last[0] = wacallCall(numbers.get(i % concurrency),
          i % concurrency, customer.incrementAndGet()));
      double bare = calls / timed(calls, concurrency, i -> bareCall(shape, "m-" + i));
      return new Lifecycle(calls, concurrency, wacall, bare, shape, real.total(), bareActions,
          HistoryTimeline.lines(temporal.fetchHistory(last[0])));
    } finally {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Where a wacall call's time goes, phase by phase, in microseconds (the measured rounds and the warm-up). */
  final Map<String, Histogram> phases = new LinkedHashMap<>();

  /** One answered inbound call, end to end; returns its id. */
  private String wacallCall(String number, int agentIndex, int customer) throws Exception {
    String agent = "tp-" + agentIndex;
    long t0 = System.nanoTime();
    String id = driver.customerCalls(CallDriver.customerNumber(2, customer), number, 0);
    long t1 = phase("customer calls (sandbox POST, connect webhook sent)", t0);
    driver.awaitRinging(agent, id, Duration.ofSeconds(30));
    long t2 = phase("until the agent's ringing list shows it", t1);
    driver.answer(agent, id);
    long t3 = phase("answer (API update, pre_accept and accept to Meta)", t2);
    driver.awaitEnded(id, Duration.ofSeconds(60));
    long t4 = phase("until the record shows it ended and charged", t3);
    driver.disposition(agent, id);
    phase("disposition (API)", t4);
    return id;
  }

  private long phase(String name, long since) {
    long now = System.nanoTime();
    synchronized (phases) {
      phases.computeIfAbsent(name, n -> new Histogram(3)).recordValue((now - since) / 1_000);
    }
    return now;
  }

  private String bareCall(BareCall.Shape shape, String name) throws Exception {
    String id = "bare-call:" + run + ":" + name;
    WorkflowStub stub = temporal.newUntypedWorkflowStub("Call",
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TASK_QUEUE).build());
    stub.signalWithStart("event", new Object[] {"connect"}, new Object[] {shape});
    CallDriver.await(Duration.ofSeconds(30), CallDriver.POLL, id + " ringing", () -> stub.query("ringing", Boolean.class));
    for (int u = 0; u < Math.max(1, shape.updates()); u++) {
      stub.update("answer", String.class, "agent");
    }
    for (int s = 0; s < shape.signals(); s++) {
      stub.signal("event", "terminate");
    }
    stub.getResult(60, TimeUnit.SECONDS, String.class);
    return id;
  }

  interface Step {
    Object run(int i) throws Exception;
  }

  /** Runs {@code count} steps, {@code concurrency} at a time; returns the seconds it took. */
  private static double timed(int count, int concurrency, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      long start = System.nanoTime();
      List<Future<Object>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        done.add(pool.submit(() -> step.run(n)));
      }
      for (Future<Object> f : done) {
        f.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Connect to first ring: every {@code 1000 / samplesPerSecond} ms a customer calls a number of
   * its own and the time until its primary agent's ringing list shows the call is recorded, while
   * {@code backgroundPerSecond} other customers a second call a number whose agent never answers.
   */
  FirstRing firstRing(Stack stack, int backgroundPerSecond, Duration duration, int samplesPerSecond) throws Exception {
    CallDriver driver = new CallDriver(stack, Duration.ofMillis(5)); // the measured call: a fine-grained poll
    String measured = "106540352230001";
    String background = "106540352230002";
    driver.businessNumber(measured, List.of("ring-measured"));
    driver.businessNumber(background, List.of("ring-background"));
    ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
    AtomicInteger n = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    load.scheduleAtFixedRate(() -> {
      try {
        driver.customerCalls(CallDriver.customerNumber(4, n.incrementAndGet()), background, 1);
      } catch (Exception e) {
        errors.incrementAndGet();
      }
    }, 0, 1_000_000 / backgroundPerSecond, TimeUnit.MICROSECONDS);
    Histogram micros = new Histogram(3);
    try {
      Thread.sleep(3_000); // the background load reaches its steady state first
      long samples = duration.toSeconds() * samplesPerSecond;
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        try {
          String id = driver.customerCalls(CallDriver.customerNumber(3, i), measured, 0);
          driver.awaitRinging("ring-measured", id, Duration.ofSeconds(30));
          micros.recordValue((System.nanoTime() - start) / 1_000);
        } catch (Exception e) {
          errors.incrementAndGet();
        }
        long next = start + 1_000_000_000L / samplesPerSecond;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000);
        }
      }
    } finally {
      load.shutdownNow();
    }
    return new FirstRing((int) micros.getTotalCount(), backgroundPerSecond, micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, errors.get());
  }
}
