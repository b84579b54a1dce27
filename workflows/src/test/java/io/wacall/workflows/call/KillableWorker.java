package io.wacall.workflows.call;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.CallView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A worker in a process of its own, for {@link WorkerKilledMidRingTest}: the call workflows and an
 * outside world that appends what it was asked to a file the test reads (the test kills this
 * process hard, so nothing can live in its memory). Arguments: the Temporal server's port, the task
 * queue, the file, and optionally {@code slow-ring} (a ring takes 30 s once logged).
 */
public final class KillableWorker {
  private KillableWorker() {}

  public static void main(String[] args) throws Exception {
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + args[0])
        .build());
    // No sticky queue: a real server moves a dead worker's sticky tasks to the task queue after the
    // sticky schedule-to-start timeout (5 s); the SDK's test server leaves them where they are, so
    // the next worker would never see the run. Without a cache every task goes to the task queue.
    WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(service),
        WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    io.temporal.worker.Worker worker = factory.newWorker(args[1]);
    worker.registerWorkflowImplementationTypes(InboundCallWorkflowImpl.class, OutboundCallWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FileLog(Path.of(args[2]), args.length > 3 && "slow-ring".equals(args[3])));
    factory.start();
    append(Path.of(args[2]), "worker started");
    Thread.currentThread().join();
  }

  static void append(Path log, String line) {
    try {
      Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Two members rung 5 s each; every step is a line in the file. */
  static final class FileLog implements CallDirectoryActivities, CallCloudApiActivities, CallRecordActivities {
    private final Path log;
    /** Whether a ring takes 30 s after it is logged: the window in which the test kills the process. */
    private final boolean slowRing;

    FileLog(Path log, boolean slowRing) {
      this.log = log;
      this.slowRing = slowRing;
    }

    @Override
    public Routing loadRouting(String phoneNumberId) {
      return new Routing("+5511955550123", "BR", true, List.of(
          new RingMember("a-1", "Agent a-1", AgentChannel.WEB_APP, true),
          new RingMember("a-2", "Agent a-2", AgentChannel.WEB_APP, true)),
          Duration.ofSeconds(5), Duration.ofMinutes(5), true, List.of("Resolved"), Duration.ofSeconds(60));
    }

    @Override
    public OutboundCheck checkOutbound(String phoneNumberId, String to) {
      return new OutboundCheck(true, true, "BR", "Brazil", null, true, "TEMPORARY");
    }

    @Override
    public AnswerOutcome answer(AnswerCall command) {
      append(log, "answer " + command.connected().agentId());
      return AnswerOutcome.connected();
    }

    @Override
    public String place(PlaceCall command) {
      throw new UnsupportedOperationException("inbound calls only");
    }

    @Override
    public void reject(String phoneNumberId, String wacid) {
      append(log, "reject " + wacid);
    }

    @Override
    public void terminate(String phoneNumberId, String wacid) {
      append(log, "terminate " + wacid);
    }

    @Override
    public void ring(RingAgent command) {
      append(log, "ring " + command.ring().agentId());
      if (slowRing) {
        try {
          Thread.sleep(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void save(CallView call) {}

    @Override
    public void close(CloseCall command) {
      append(log, "close " + command.call().id() + " " + command.call().outcome() + " charge "
          + (command.charge() == null ? "none" : command.charge().connectedSeconds() + "s"));
    }
  }
}
