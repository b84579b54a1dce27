package io.wacall.benchmark;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import io.wacall.workflows.permission.PermissionActivities;
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
 * Item 5 of the benchmark: the worker heap an open CallPermission workflow costs while the worker
 * keeps it cached (the real workflow implementation; activities that do nothing, so only the
 * workflow's own state and the SDK's bookkeeping are measured). A worker of its own in this
 * process, on a task queue of its own, with a cache (and workflow threads) large enough to keep
 * every one: {@code open} permanent grants are started by signal-with-start, as the webhook
 * adapter starts them, and the heap after a full collection is compared with the heap before.
 */
final class OpenPermissions {
  record Result(int open, long heapBefore, long heapAfter, int threadsBefore, int threadsAfter, long rssBefore,
      long rssAfter, double seconds) {
    long bytesPerWorkflow() {
      return (heapAfter - heapBefore) / open;
    }

    /** The whole process's growth (heap, thread stacks, everything), per workflow; -1 when unknown. */
    long rssBytesPerWorkflow() {
      return rssBefore < 0 || rssAfter < 0 ? -1 : (rssAfter - rssBefore) / open;
    }
  }

  private OpenPermissions() {}

  static Result measure(WorkflowClient client, int open) throws Exception {
    String taskQueue = "benchmark-open-permissions-" + System.currentTimeMillis();
    Set<String> recorded = ConcurrentHashMap.newKeySet();
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(open + 500).setMaxWorkflowThreadCount(open + 1_000).build());
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class);
    worker.registerActivitiesImplementations(new NoActivities(recorded));
    factory.start();
    long heapBefore = heapAfterGc();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    long rssBefore = rss();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> started = new ArrayList<>();
      String run = Long.toString(System.currentTimeMillis() % 100_000);
      for (int i = 0; i < open; i++) {
        String waId = "55119" + String.format("%08d", Integer.parseInt(run) * 1000L % 100_000_000 + i);
        started.add(pool.submit(() -> grant(client, taskQueue, "106540352299999", waId)));
      }
      for (Future<?> f : started) {
        f.get();
      }
      CallDriver.await(Duration.ofMinutes(10), Duration.ofMillis(200), recorded.size() + " of " + open + " recorded",
          () -> recorded.size() >= open);
      double seconds = (System.nanoTime() - start) / 1e9;
      long heapAfter = heapAfterGc();
      return new Result(open, heapBefore, heapAfter, threadsBefore,
          ManagementFactory.getThreadMXBean().getThreadCount(), rssBefore, rss(), seconds);
    } finally {
      pool.shutdownNow();
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static void grant(WorkflowClient client, String taskQueue, String phoneNumberId, String waId) {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId("benchmark-permission:" + taskQueue + ":" + waId).setTaskQueue(taskQueue).build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, PermissionInput.fresh(phoneNumberId, waId));
    request.add(stub::permissionReply, new PermissionReply("wamid.bench." + waId, Instant.now(), ReplyResponse.ACCEPT,
        true, null, ReplySource.USER_ACTION, null));
    client.signalWithStart(request);
  }

  /** This process's resident set (Linux), in bytes; -1 elsewhere. */
  static long rss() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Activities that answer at once: nothing recorded, nothing loaded, Meta's view unknown. */
  static final class NoActivities implements PermissionActivities {
    private final Set<String> recorded;

    NoActivities(Set<String> recorded) {
      this.recorded = recorded;
    }

    @Override
    public String sendPermissionRequest(SendPermissionRequest request) {
      return "wamid.none";
    }

    @Override
    public CloudPermission fetchCloudPermission(String phoneNumberId, String waId) {
      return null;
    }

    @Override
    public void recordPermission(PermissionView snapshot) {
      recorded.add(snapshot.waId());
    }

    @Override
    public RecordedPermission loadPermissionRecord(String phoneNumberId, String waId) {
      return null;
    }

    @Override
    public PlacedRequest placePermissionRequest(PlaceRequest place) {
      throw new UnsupportedOperationException("the benchmark sends no request");
    }
  }
}
