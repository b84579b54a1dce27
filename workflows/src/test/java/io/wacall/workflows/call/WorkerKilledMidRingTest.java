package io.wacall.workflows.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallView;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault test "worker killed mid-ring" (issue 10): the worker process is killed hard (SIGKILL) while
 * it rings the call's first member, and a new worker process is started. The Temporal server (the
 * SDK's test server as a process of its own, in real time) keeps the call's history: the dead
 * worker's workflow task times out, the new worker replays the run, rings the first member again
 * (the ring is a local activity that had not completed: at least once), lets that member's turn run
 * out on the server's timer, rings the next member, connects the answer, and closes the call once:
 * one ledger row. Nothing of the call lived in the dead worker.
 *
 * <p>The kill falls while the workflow task is in flight, not while the run waits on its timer:
 * killed then, the SDK's test server hands the timer's workflow task to a long poll of the dead
 * worker and loses it (no {@code WORKFLOW_TASK_STARTED} ever follows; a real Temporal server cancels
 * the polls of a closed connection). The processes' output and the run's history are kept in
 * {@code target/killed-worker-*}.
 */
class WorkerKilledMidRingTest {
  static final String PHONE = "106540352242922";
  static final String QUEUE = "killed-worker";

  /** The processes' output and the outside world's log, kept in target/ for a failure's post-mortem. */
  private final Path dir = Path.of("target", "killed-worker-" + System.currentTimeMillis());
  private final List<Process> processes = new ArrayList<>();
  private WorkflowServiceStubs service;

  @AfterEach
  void stopAll() {
    if (service != null) {
      service.shutdownNow();
    }
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aWorkerKilledWhileACallRings_andStartedAgain_ringsTheNextMember_connectsTheAnswer_andClosesTheCallOnce()
      throws Exception {
    int port = freePort();
    Files.createDirectories(dir);
    Path log = dir.resolve("outside-world.log");
    start("temporal", "io.temporal.testserver.TestServer", String.valueOf(port));
    await().atMost(Duration.ofSeconds(30)).until(() -> accepts(port));
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget("127.0.0.1:" + port).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    // as the deployment does on a real server: the run sets wacall's search attributes
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
        .setChannel(service.getRawChannel()).validateAndBuildWithDefaults());
    operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
        .setNamespace(client.getOptions().getNamespace())
        .putAllSearchAttributes(WacallSearchAttributes.ALL)
        .build());

    Process first = start("worker-1", KillableWorker.class.getName(), String.valueOf(port), QUEUE, log.toString(),
        "slow-ring");
    await().atMost(Duration.ofSeconds(30)).until(() -> lines(log).contains("worker started"));

    String wacid = "wacid.killed-worker-" + port;
    InboundCallWorkflow call = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(wacid))
        .setTaskQueue(QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        // the server gives a dead worker's workflow task to another after this (10 s by default)
        .setWorkflowTaskTimeout(Duration.ofSeconds(2))
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(call::run, new InboundCallInput(wacid, PHONE, null));
    request.add(call::callEvent, CallWebhookEvent.connect(wacid, Instant.now(), "v=0 offer", "5521987650001",
        "5511955550123", "USER_INITIATED"));
    client.signalWithStart(request);

    // kill -9 while a-1 is being rung (the worker's ring takes 30 s), then a new worker process
    await().atMost(Duration.ofSeconds(20)).until(() -> lines(log).contains("ring a-1"));
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(first.isAlive()).isFalse();
    start("worker-2", KillableWorker.class.getName(), String.valueOf(port), QUEUE, log.toString());

    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> lines(log).contains("ring a-2"));
    } finally {
      Files.writeString(dir.resolve("history.json"), client.fetchHistory(WorkflowIds.inboundCall(wacid)).toJson(true));
    }
    assertThat(call.answer(new AnswerRequest("a-2", "v=0 answer")).gotCall()).isTrue();
    Instant end = Instant.now();
    call.callEvent(CallWebhookEvent.terminate(wacid, end, "COMPLETED", 3, end.minusSeconds(3), end, null, null,
        "5521987650001", "5511955550123", "USER_INITIATED"));

    CallView last = WorkflowStub.fromTyped(call).getResult(30, TimeUnit.SECONDS, CallView.class);
    assertThat(last.outcome()).isEqualTo(CallOutcome.COMPLETED);
    assertThat(last.agentId()).isEqualTo("a-2");
    List<String> lines = lines(log);
    // at least once: by the dead worker, then again by the new one (more when a workflow task of
    // the new worker expires while the server still times out the dead one's)
    assertThat(lines).filteredOn(l -> l.equals("ring a-1")).as("a-1 rung by the dead worker, then again")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(lines).filteredOn(l -> l.startsWith("close ")).as("one ledger row")
        .containsExactly("close " + WorkflowIds.inboundCall(wacid) + " COMPLETED charge 3s");
    assertThat(lines).filteredOn(l -> l.startsWith("answer ")).containsExactly("answer a-2");
    assertThat(lines.indexOf("ring a-2")).isGreaterThan(lines.indexOf("ring a-1"));
  }

  private Process start(String name, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(new File(dir.toFile(), name + ".out"))
        .start();
    processes.add(process);
    return process;
  }

  private static List<String> lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
