package io.wacall.api.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.api.support.ApiTestApplication;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.api.support.TcpProxy;
import io.wacall.testsupport.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL unreachable while a connected call ends. The API and the worker (one process, one
 * connection pool, as embedded) reach the shared test PostgreSQL through a {@link TcpProxy} that the
 * test cuts as a stopped server looks. Meta's terminate webhook is refused with 503 (so Meta
 * delivers it again) and nothing is stored; the call's end (CloseCall: the final record, the
 * conversation line, the ledger row) fails and is retried; once the database is back the call is
 * ENDED with exactly one ledger row and one conversation line, and Meta's redelivery is stored
 * once and dispatched.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"worker", "api"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // its pool and worker stop before the proxy
class DatabaseOutageWhileACallEndsTest {
  /** How long the workflow waits for Meta's terminate after the agent's hang-up (CallRecorder.TERMINATE_WEBHOOK_GRACE). */
  private static final Duration TERMINATE_WEBHOOK_GRACE = Duration.ofMinutes(2);
  private static final String PHONE = "106540352249912";
  private static final String AGENT = "db-outage-agent";
  private static final WireMockServer meta = ApiTestSupport.startMeta();
  private static final String DATABASE = TestDatabase.newDatabaseName();
  private static final TcpProxy postgres = TcpProxy.to("localhost", TestDatabase.server().getPort());

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      postgres.close();
      meta.stop();
    }));
  }

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired TestWorkflowEnvironment temporal;
  final CallFaultFixture fixture = new CallFaultFixture(PHONE, AGENT, DATABASE);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestSupport.properties(registry, meta);
    registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + DATABASE);
    registry.add("wacall.webhook.dispatch-interval", () -> "200ms");
    registry.add("wacall.webhook.retry-initial-backoff", () -> "200ms");
    registry.add("wacall.webhook.retry-max-backoff", () -> "1s");
  }

  @BeforeEach
  void setUp() throws Exception {
    fixture.setUp(port, meta);
  }

  @AfterEach
  void databaseBack() {
    postgres.restore();
  }

  @Test
  void aCallEndingWhilePostgresIsDown_refusesMetasTerminate_retriesItsClose_andEndsWithOneLedgerRowOnceItIsBack()
      throws Exception {
    String wacid = "wacid.DBDOWN-END" + System.nanoTime();
    String id = "inbound-call:" + wacid;
    CallFaultFixture.expect200(fixture.webhook(fixture.connect(wacid, Instant.now())));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixture.record(id)).isEqualTo("RINGING/-"));
    Instant answeredAt = Instant.now();
    CallFaultFixture.expect200(fixture.send("POST", "/api/v1/calls/" + id + "/answer",
        "{\"agentId\":\"" + AGENT + "\",\"sdpAnswer\":\"" + CallFaultFixture.SDP + "\"}"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixture.record(id)).startsWith("CONNECTED/"));
    // the agent hangs up: the call sends Meta its terminate and waits for Meta's terminate webhook
    CallFaultFixture.expect200(fixture.send("POST", "/api/v1/calls/" + id + "/hangup", "{\"agentId\":\"" + AGENT + "\"}"));

    postgres.refuse();
    // Meta's terminate webhook: refused, so that Meta delivers it again; nothing acknowledged, nothing stored
    String terminate = fixture.terminate(wacid, Instant.now(), answeredAt);
    for (int delivery = 1; delivery <= 2; delivery++) {
      HttpResponse<String> refused = fixture.webhook(terminate);
      assertThat(refused.statusCode()).as("delivery " + delivery + ": " + refused.body()).isEqualTo(503);
    }
    assertThat(fixture.stored("call:" + wacid + ":terminate")).isZero();

    // no terminate came: the call ends by itself after the grace, and its CloseCall meets the outage
    temporal.sleep(TERMINATE_WEBHOOK_GRACE.plusSeconds(5));
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
      PendingActivityInfo close = closeCall(id).orElseThrow(() -> new AssertionError("CloseCall not pending"));
      assertThat(close.getAttempt()).as("CloseCall retried").isGreaterThanOrEqualTo(2);
      assertThat(close.getLastFailure().getMessage()).isNotEmpty();
    });
    assertThat(fixture.record(id)).as("the final record is not written").startsWith("CONNECTED/");
    assertThat(fixture.ledgerRows(id)).isZero();
    assertThat(fixture.conversationLines(id)).isZero();

    postgres.restore();

    // Meta delivers the terminate again: accepted, stored once
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(fixture.webhook(terminate).statusCode()).isEqualTo(200));
    CallFaultFixture.expect200(fixture.webhook(terminate));
    assertThat(fixture.stored("call:" + wacid + ":terminate")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(fixture.record(id)).startsWith("ENDED/").isNotEqualTo("ENDED/-");
      assertThat(fixture.ledgerRows(id)).isEqualTo(1);
      assertThat(fixture.events(wacid)).extracting(e -> e.get("status")).doesNotContain("PENDING", "FAILED");
    });
    assertThat(fixture.conversationLines(id)).isEqualTo(1);
    assertThat(fixture.events(wacid)).extracting(e -> e.get("dedupe_key"))
        .containsExactly("call:" + wacid + ":connect", "call:" + wacid + ":terminate");
    await().atMost(Duration.ofSeconds(10)).until(() -> closeCall(id).isEmpty());
    assertThat(fixture.ledgerRows(id)).as("the retried CloseCall wrote one row").isEqualTo(1);
  }

  private Optional<PendingActivityInfo> closeCall(String id) {
    return client.newUntypedWorkflowStub(id).describe().getRawDescription().getPendingActivitiesList().stream()
        .filter(a -> a.getActivityType().getName().equals("CloseCall")).findFirst();
  }
}
