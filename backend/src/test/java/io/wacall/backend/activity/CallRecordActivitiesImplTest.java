package io.wacall.backend.activity;

import static io.wacall.backend.activity.CallStores.CUSTOMER;
import static io.wacall.backend.activity.CallStores.PHONE;
import static io.wacall.backend.activity.CallStores.T;
import static io.wacall.backend.activity.CallStores.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.wacall.backend.billing.ChargeLedger;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.billing.BillingFailureTypes;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.call.CallRecordActivities;
import io.wacall.workflows.call.CloseCall;
import io.wacall.workflows.call.ConversationEvent;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.workflows.call.RingAgent;
import io.wacall.workflows.call.RingNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RingAgent and SaveCall as the call workflows run them (local activities) and CloseCall as an
 * activity with unlimited retries, on the Temporal test server and a real PostgreSQL: the agents'
 * ringing rows follow every snapshot, an older snapshot changes nothing, and a retried CloseCall
 * writes each of its parts once.
 */
public class CallRecordActivitiesImplTest {
  /** The CallPermission workflows are started here, where no worker polls: their histories show every signal. */
  static final String PERMISSION_QUEUE = "permissions-not-polled";
  static final String QUEUE = "call-records";

  CallStores stores;
  TestWorkflowEnvironment env;
  WorkflowClient client;
  /** How many ledger writes fail before the ledger works. */
  final AtomicInteger ledgerFailures = new AtomicInteger();
  final AtomicInteger ledgerCalls = new AtomicInteger();

  @BeforeEach
  void setUp() {
    stores = new CallStores();
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    ChargeLedger ledger = new ChargeLedger(stores.db, stores.transactions, stores.cards, ZoneOffset.UTC,
        Clock.systemUTC()) {
      @Override
      public ChargeRecord record(ChargeRequest request) {
        ledgerCalls.incrementAndGet();
        if (ledgerFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new IllegalStateException("the database is not answering");
        }
        return super.record(request);
      }
    };
    CallEndings endings = new CallEndings(stores.conversations, stores.calls,
        new PermissionWorkflows(client, new TemporalProperties(PERMISSION_QUEUE)), ledger, WacallMetrics.noop(),
        Clock.systemUTC());
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(RecordsWorkflowImpl.class);
    worker.registerActivitiesImplementations(new CallRecordActivitiesImpl(stores.records,
        new AgentRinger(stores.ringing), endings, Clock.systemUTC()));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  // --- RingAgent

  @Test
  void ringAgentSavesTheCallAndTheCallRingsForThatAgentOnly_thePreviousMembersRowGoes() {
    String id = "inbound-call:ring";
    stores.ringing.ringing("inbound-call:other", "a-1", PHONE, CUSTOMER, T, T.plusSeconds(20));
    run(Op.ring(ring(inbound(id, 1, CallStatus.RINGING, "a-1"))));
    assertThat(stores.ringingAgents(id)).containsExactly("a-1");

    String runId = run(Op.ring(ring(inbound(id, 1, CallStatus.RINGING, "a-1"))),
        Op.ring(ring(inbound(id, 2, CallStatus.RINGING, "a-2"))));

    assertThat(stores.ringingAgents(id)).containsExactly("a-2");
    assertThat(stores.ringingAgents("inbound-call:other")).containsExactly("a-1");
    assertThat(stores.ringing.ringingFor("a-2", T)).singleElement().satisfies(row -> {
      assertThat(row.from()).isEqualTo(CUSTOMER);
      assertThat(row.ringExpiresAt()).isEqualTo(T.plusSeconds(20));
    });
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(2L);
    // a local activity knows its run: the read model keeps it
    assertThat(storedRunId(id)).isEqualTo(runId);
  }

  @Test
  void aRingAgentOlderThanTheStoredRecordRingsNobody() {
    String id = "inbound-call:ring-late";

    run(Op.save(inbound(id, 5, CallStatus.CONNECTED, null)), Op.ring(ring(inbound(id, 4, CallStatus.RINGING, "a-3"))));

    assertThat(stores.ringingAgents(id)).isEmpty();
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(5L);
  }

  @Test
  void aRingAgentWhoseRecordRingsSomeoneElseFailsForGood_andWritesNothing() {
    String id = "inbound-call:ring-mismatch";
    CallView ringsA1 = inbound(id, 1, CallStatus.RINGING, "a-1");

    WorkflowFailedException failed = catchThrowableOfType(() -> run(Op.ring(new RingAgent(
        notification(id, "a-2"), ringsA1))), WorkflowFailedException.class);

    ApplicationFailure cause = (ApplicationFailure) failed.getCause().getCause();
    assertThat(cause.getType()).isEqualTo(CallRecordActivitiesImpl.RING_MISMATCH);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(stores.calls.find(id)).isEmpty();
    assertThat(stores.ringingAgents(id)).isEmpty();
  }

  // --- SaveCall

  @Test
  void saveCallMakesTheRowsFollowTheRecord_andAnOlderRecordChangesNeitherTheRecordNorTheRows() {
    String id = "inbound-call:save";
    run(Op.save(inbound(id, 3, CallStatus.RINGING, "a-2")), Op.save(inbound(id, 2, CallStatus.RINGING, "a-1")),
        Op.save(inbound(id, 3, CallStatus.RINGING, "a-2")));

    assertThat(stores.calls.find(id)).get().satisfies(v -> {
      assertThat(v.version()).isEqualTo(3L);
      assertThat(v.ringing().agentId()).isEqualTo("a-2");
    });
    assertThat(stores.ringingAgents(id)).containsExactly("a-2");

    run(Op.save(inbound(id, 4, CallStatus.CONNECTED, null)), Op.save(inbound(id, 3, CallStatus.RINGING, "a-2")));
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(4L);
    assertThat(stores.ringingAgents(id)).isEmpty();
  }

  // --- CloseCall

  @Test
  void closeCallWritesTheFinalRecord_theConversationLine_theNoticeToCallPermission_andTheLedgerRow() {
    String id = "inbound-call:close";

    run(Op.save(inbound(id, 6, CallStatus.RINGING, "a-1")), Op.close(closing(id, CallDirection.USER_INITIATED, CUSTOMER)));

    assertThat(stores.calls.find(id)).get().satisfies(v -> {
      assertThat(v.version()).isEqualTo(9L);
      assertThat(v.status()).isEqualTo(CallStatus.ENDED);
    });
    assertThat(stores.ringingAgents(id)).isEmpty();
    assertThat(stores.conversations.events(PHONE, CUSTOMER, 0, 10)).singleElement()
        .satisfies(line -> assertThat(line.callId()).isEqualTo(id));
    assertThat(stores.ledgerRows(id)).isEqualTo(1);
    assertThat(permissionSignals()).containsExactly("callConnected");
  }

  @Test
  void aCloseCallRetriedTwiceWritesOneLedgerRowOneConversationLineAndSignalsOnce() {
    String id = "outbound-call:close-retried";
    ledgerFailures.set(2);

    run(Op.close(closing(id, CallDirection.BUSINESS_INITIATED, CUSTOMER)));

    assertThat(ledgerCalls).hasValue(3);
    assertThat(stores.ledgerRows(id)).isEqualTo(1);
    assertThat(stores.conversationLines(id)).isEqualTo(1);
    assertThat(permissionSignals()).containsExactly("callConnected");
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(9L);
  }

  @Test
  void aSecondCloseCallOfTheSameCallWritesNoSecondRowOrLine() {
    String id = "outbound-call:close-twice";
    CloseCall close = closing(id, CallDirection.BUSINESS_INITIATED, CUSTOMER);

    run(Op.close(close));
    run(Op.close(close));

    assertThat(stores.ledgerRows(id)).isEqualTo(1);
    assertThat(stores.conversationLines(id)).isEqualTo(1);
    // a second run of CloseCall (not a retry) may tell CallPermission again: it ignores a wacid it has seen
    assertThat(permissionSignals()).isNotEmpty().containsOnly("callConnected");
  }

  @Test
  void aLedgerRefusalFailsCloseCallForGoodAfterTheOtherPartsAreWritten() {
    String id = "outbound-call:close-not-callable";
    String turkey = "+90 501 234 56 78";

    WorkflowFailedException failed = catchThrowableOfType(
        () -> run(Op.close(closing(id, CallDirection.BUSINESS_INITIATED, turkey))), WorkflowFailedException.class);

    ActivityFailure activity = (ActivityFailure) failed.getCause();
    ApplicationFailure cause = (ApplicationFailure) activity.getCause();
    assertThat(cause.getType()).isEqualTo(BillingFailureTypes.MARKET_NOT_CALLABLE);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(stores.ledgerRows(id)).isZero();
    assertThat(stores.calls.find(id)).get().extracting(CallView::status).isEqualTo(CallStatus.ENDED);
    assertThat(stores.conversationLines(id)).isEqualTo(1);
  }

  @Test
  void aCallThatNeverConnectedIsPricedAtItsEnd_soEveryAttemptCarriesTheSameFigures() {
    String id = "inbound-call:close-missed";
    CloseCall close = closing(id, CallDirection.USER_INITIATED, CUSTOMER);
    CloseCall missed = new CloseCall(close.call(), close.conversation(),
        new ChargeRequest(id, CallDirection.USER_INITIATED, PHONE, CUSTOMER, null, 0), null);
    ledgerFailures.set(1);

    run(Op.close(missed));

    assertThat(stores.jdbc.sql("SELECT connected_at FROM billing_charges WHERE call_id = :id").param("id", id)
        .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(close.call().endedAt());
    assertThat(permissionSignals()).isEmpty();
  }

  // --- helpers

  private CloseCall closing(String id, CallDirection direction, String customer) {
    CallView ended = CallStores.view(id, "wacid." + id, direction, CallStatus.ENDED, CallOutcome.COMPLETED, null, 9);
    return new CloseCall(ended,
        new ConversationEvent(id, ended.wacid(), PHONE, CUSTOMER, direction, ConversationEvent.Type.CALL,
            CallOutcome.COMPLETED, "a-1", ended.endedAt(), 56, false),
        new ChargeRequest(id, direction, PHONE, customer, T, 56),
        new PermissionNotice(PHONE, CUSTOMER, PermissionNotice.Kind.CONNECTED, ended.wacid(), id, ended.endedAt()));
  }

  private static RingAgent ring(CallView call) {
    return new RingAgent(notification(call.id(), call.ringing().agentId()), call);
  }

  private static RingNotification notification(String callId, String agentId) {
    return new RingNotification(callId, agentId, AgentChannel.WEB_APP, PHONE, CUSTOMER, T, T.plusSeconds(20));
  }

  /**
   * Runs the operations, in order, in one run of a workflow as the call workflows would (the read
   * model compares versions within a run: a new run's snapshot replaces whatever is stored);
   * returns the run id.
   */
  private String run(Op... ops) {
    RecordsWorkflow workflow = client.newWorkflowStub(RecordsWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(QUEUE).setWorkflowId("records-" + System.nanoTime()).build());
    return workflow.run(List.of(ops));
  }

  private String storedRunId(String id) {
    return stores.jdbc.sql("SELECT workflow_run_id FROM call_records WHERE id = :id").param("id", id)
        .query(String.class).single();
  }

  /** The signals CallPermission of (PHONE, CUSTOMER) received, by name, from its history. */
  private List<String> permissionSignals() {
    try {
      return client.fetchHistory(WorkflowIds.permission(PHONE, CUSTOMER)).getEvents().stream()
          .filter(e -> e.hasWorkflowExecutionSignaledEventAttributes())
          .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
          .toList();
    } catch (io.grpc.StatusRuntimeException notStarted) {
      return List.of();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof io.grpc.StatusRuntimeException) {
        return List.of();
      }
      throw e;
    }
  }

  /** One operation of the call's record, as a call workflow runs it. */
  public record Op(RingAgent ring, CallView save, CloseCall close) {
    static Op ring(RingAgent ring) {
      return new Op(ring, null, null);
    }

    static Op save(CallView save) {
      return new Op(null, save, null);
    }

    static Op close(CloseCall close) {
      return new Op(null, null, close);
    }
  }

  @WorkflowInterface
  public interface RecordsWorkflow {
    @WorkflowMethod
    String run(List<Op> ops);
  }

  /** RingAgent and SaveCall as local activities (one attempt), CloseCall as an activity retried without end. */
  public static class RecordsWorkflowImpl implements RecordsWorkflow {
    private final CallRecordActivities local = Workflow.newLocalActivityStub(CallRecordActivities.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
    private final CallRecordActivities durable = Workflow.newActivityStub(CallRecordActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(100))
                .setMaximumInterval(Duration.ofMillis(200))
                .setMaximumAttempts(0)
                .build())
            .build());

    @Override
    public String run(List<Op> ops) {
      for (Op op : ops) {
        if (op.ring() != null) {
          local.ring(op.ring());
        }
        if (op.save() != null) {
          local.save(op.save());
        }
        if (op.close() != null) {
          durable.close(op.close());
        }
      }
      return Workflow.getInfo().getRunId();
    }
  }
}
