package io.wacall.workflows.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.view.AuditEntry;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.common.TestSearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webhook storm for permission pairs, property-style (issue 10): for each seed, many pairs get
 * their customer's replies (accept for 7 days, accept for good, decline), each delivered 1 to 5
 * times, shuffled with every other pair's, from several threads at once, by signal-with-start as
 * the webhook adapter sends them. Whatever the order, every pair ends as its newest reply says (a
 * reply older than one applied is stale), and no reply is applied twice. A failing seed replays
 * exactly: the seed picks every reply, count and the order.
 *
 * <p>Real time on the test server: with time skipping it could skip ahead while the storm is
 * delivered and lapse the grants it is checking.
 */
class PermissionStormTest {
  static final String PHONE = "106540352242922";
  static final int PAIRS = 10;

  final FakePermissionActivities activities = new FakePermissionActivities();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class)
      .setActivityImplementations(activities)
      .setUseTimeskipping(false)
      .build();

  private WorkflowClient client;
  private String taskQueue;
  private final ExecutorService senders = Executors.newFixedThreadPool(4);

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
  }

  @AfterEach
  void tearDown() {
    senders.shutdownNow();
  }

  /** A pair's replies, oldest first. */
  private record Pair(String waId, List<PermissionReply> replies) {
    PermissionReply newest() {
      return replies.stream().max(Comparator.comparing(PermissionReply::timestamp)).orElseThrow();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 11, 2026})
  void everyPairEndsAsItsNewestReplySays_andNoReplyIsAppliedTwice(long seed) throws Exception {
    Random random = new Random(seed);
    Instant start = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<Pair> pairs = new ArrayList<>();
    List<Runnable> storm = new ArrayList<>();
    for (int p = 0; p < PAIRS; p++) {
      String waId = "55219878" + String.format("%02d", seed % 100) + String.format("%03d", p);
      List<PermissionReply> replies = new ArrayList<>();
      int count = 2 + random.nextInt(3);
      for (int r = 0; r < count; r++) {
        Instant at = start.plusSeconds(10L * r + random.nextInt(5));
        replies.add(reply(random.nextInt(3), "wamid.storm-" + seed + "-" + p + "-" + r, at));
      }
      pairs.add(new Pair(waId, replies));
      for (PermissionReply reply : replies) {
        for (int times = 1 + random.nextInt(5); times > 0; times--) {
          storm.add(() -> signalWithStart(waId, reply));
        }
      }
    }
    Collections.shuffle(storm, random);
    List<Future<?>> sent = new ArrayList<>();
    for (Runnable delivery : storm) {
      sent.add(senders.submit(delivery));
    }
    for (Future<?> delivery : sent) {
      delivery.get();
    }

    for (Pair pair : pairs) {
      PermissionReply newest = pair.newest();
      CallPermissionWorkflow permission = client.newWorkflowStub(CallPermissionWorkflow.class,
          WorkflowIds.permission(PHONE, pair.waId()));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        PermissionView state = permission.state();
        String why = pair.waId() + " (seed " + seed + "), newest " + newest + ", audit " + state.audit();
        if (newest.response() == ReplyResponse.ACCEPT) {
          assertThat(state.status()).as(why).isEqualTo(newest.permanent() ? PermissionStatus.PERMANENT : PermissionStatus.TEMPORARY);
          assertThat(state.grantedAt()).as(why).isEqualTo(newest.timestamp());
        } else {
          // a decline withdraws a grant in force (REVOKED) or declines (DECLINED): no permission either way
          assertThat(state.status()).as(why).isIn(PermissionStatus.DECLINED, PermissionStatus.REVOKED);
        }
        assertThat(state.lastChangeAt()).as(why).isEqualTo(newest.timestamp());
      });
      List<String> applied = permission.state().audit().stream().map(AuditEntry::detail)
          .filter(d -> d != null && d.contains("message wamid.storm-")).toList();
      for (PermissionReply reply : pair.replies()) {
        assertThat(applied).as("reply " + reply.messageId() + " applied at most once")
            .filteredOn(d -> d.contains("message " + reply.messageId() + ")") || d.contains("message " + reply.messageId() + ","))
            .hasSizeLessThanOrEqualTo(1);
      }
    }
  }

  private static PermissionReply reply(int kind, String messageId, Instant at) {
    return switch (kind) {
      case 0 -> new PermissionReply(messageId, at, ReplyResponse.ACCEPT, false, at.plus(Duration.ofDays(7)),
          ReplySource.USER_ACTION, null);
      case 1 -> new PermissionReply(messageId, at, ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null);
      default -> new PermissionReply(messageId, at, ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, null);
    };
  }

  /**
   * As the webhook adapter: signal-with-start of the pair's run. A start that races the run's
   * completion is answered ALREADY_EXISTS or NOT_FOUND, which the dispatcher retries (transient).
   */
  private void signalWithStart(String waId, PermissionReply reply) {
    for (int attempt = 1; ; attempt++) {
      CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(WorkflowIds.permission(PHONE, waId))
          .setTaskQueue(taskQueue)
          .build());
      BatchRequest request = client.newSignalWithStartRequest();
      request.add(stub::run, PermissionInput.fresh(PHONE, waId));
      request.add(stub::permissionReply, reply);
      try {
        client.signalWithStart(request);
        return;
      } catch (WorkflowExecutionAlreadyStarted | WorkflowServiceException closing) {
        // ALREADY_EXISTS, or NOT_FOUND "Completed workflow": the run was completing while the
        // signal-with-start was served; both are transient for the dispatcher, which tries again
        boolean completing = closing instanceof WorkflowExecutionAlreadyStarted
            || (closing.getCause() instanceof StatusRuntimeException status
                && status.getStatus().getCode() == Status.Code.NOT_FOUND);
        if (!completing || attempt == 20) {
          throw closing;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw closing;
        }
      }
    }
  }
}
