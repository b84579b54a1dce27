package io.wacall.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.api.call.CallWorkflows;
import io.wacall.api.webhook.WebhookEventRouter.RouteResult;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Only ACCEPTED and REJECTED reach the OutboundCall: RINGING changes no decision of the call, and
 * every signal is a billable action. The call here is a run no worker polls, so its history shows
 * every signal it got.
 */
class CallStatusRouterTest {
  static final String CALL = "outbound-call:status-router";

  TestWorkflowEnvironment env;
  WorkflowClient client;
  CallStatusRouter router;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    router = new CallStatusRouter(new CallWorkflows(client, new TemporalProperties("calls-not-polled")),
        new CallReadModel(JdbcClient.create(TestDatabase.newDatabase()), new ObjectMapper()), Clock.systemUTC());
    client.newUntypedWorkflowStub("OutboundCall", WorkflowOptions.newBuilder()
        .setWorkflowId(CALL).setTaskQueue("calls-not-polled").build()).start("input");
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void ringingIsStoredAsIgnoredWithoutASignal() {
    RouteResult result = router.route(status("RINGING"));

    assertThat(result.outcome()).isEqualTo(RouteResult.Outcome.IGNORED);
    assertThat(result.reason()).contains("RINGING").contains("not signalled");
    assertThat(signals()).isEmpty();
  }

  @Test
  void acceptedAndRejectedAreSignalled() {
    assertThat(router.route(status("ACCEPTED")).outcome()).isEqualTo(RouteResult.Outcome.DISPATCHED);
    assertThat(router.route(status("rejected")).outcome()).isEqualTo(RouteResult.Outcome.DISPATCHED);

    assertThat(signals()).containsExactly("callEvent", "callEvent");
  }

  @Test
  void aStatusWaCallDoesNotKnowIsNotSignalledEither() {
    assertThat(router.route(status("RINGING_AGAIN")).outcome()).isEqualTo(RouteResult.Outcome.IGNORED);
    assertThat(signals()).isEmpty();
  }

  private static CallStatusEvent status(String status) {
    return new CallStatusEvent("106540352242922", "wacid.STATUS", status, Instant.now(), "5521987650001",
        "5521987650001", CALL, List.of());
  }

  private List<String> signals() {
    return client.fetchHistory(CALL).getEvents().stream()
        .filter(e -> e.hasWorkflowExecutionSignaledEventAttributes())
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .toList();
  }
}
