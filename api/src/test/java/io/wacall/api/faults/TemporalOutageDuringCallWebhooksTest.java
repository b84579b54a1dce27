package io.wacall.api.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testserver.TestServer;
import io.wacall.api.support.ApiTestApplication;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.api.support.TcpProxy;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Temporal unreachable while Meta's call webhooks arrive. The API and the worker (one process, as
 * embedded) reach a Temporal test server on a loopback port through a {@link TcpProxy} that the test
 * cuts: every open gRPC connection is reset and the port refuses new ones, as when the frontend
 * goes away; the server keeps its history, as a real cluster does across an outage. Every webhook
 * is answered 200 and kept PENDING; once Temporal is back each is dispatched once, and the call
 * ends as if nothing had happened: ENDED, one conversation line, one ledger row.
 *
 * <p>As in {@code WebhookOutageEndToEndTest}, the SDK's retry of an unreachable server is cut from
 * a minute per call to a second ({@link QuickOutageRecovery}), so that the dispatcher records each
 * try while the outage lasts; with the default, a dispatch holds its event (claimed, not yet
 * tried) for up to that minute, and the events come out once Temporal answers.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"worker", "api"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // its worker stops while this server still runs
@Import(TemporalOutageDuringCallWebhooksTest.QuickOutageRecovery.class)
class TemporalOutageDuringCallWebhooksTest {
  private static final String PHONE = "106540352249911";
  private static final String AGENT = "temporal-outage-agent";
  private static final WireMockServer meta = ApiTestSupport.startMeta();
  private static final String DATABASE = TestDatabase.newDatabaseName();
  private static final int SERVER_PORT = freePort();
  /** In memory, real time; it lives as long as the test JVM (closing it under a live worker would hang). */
  private static final TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(SERVER_PORT);
  private static final TcpProxy temporal = TcpProxy.to("127.0.0.1", SERVER_PORT);

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      temporal.close();
      meta.stop();
    }));
  }

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired PermissionWorkflows permissions;
  final CallFaultFixture fixture = new CallFaultFixture(PHONE, AGENT, DATABASE);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestSupport.properties(registry, meta);
    registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl(DATABASE));
    registry.add("spring.temporal.test-server.enabled", () -> "false");
    registry.add("spring.temporal.connection.target", () -> "127.0.0.1:" + temporal.port());
    // a real server (not the starter's in-process one): registered through its operator API
    registry.add("wacall.temporal.register-search-attributes", () -> "true");
    registry.add("wacall.webhook.dispatch-interval", () -> "200ms");
    registry.add("wacall.webhook.retry-initial-backoff", () -> "200ms");
    registry.add("wacall.webhook.retry-max-backoff", () -> "1s");
  }

  @BeforeEach
  void setUp() throws Exception {
    fixture.setUp(port, meta);
    client.getWorkflowServiceStubs().getServerCapabilities().get(); // asked once per client, while it is up
  }

  @AfterEach
  void temporalBack() {
    temporal.restore();
  }

  @Test
  void aRingingCallsTerminate_whileTemporalIsDown_isAcknowledgedKeptAndDeliveredOnce_andTheCallEndsAbandoned()
      throws Exception {
    String wacid = "wacid.TDOWN-RING" + System.nanoTime();
    String id = "inbound-call:" + wacid;
    CallFaultFixture.expect200(fixture.webhook(fixture.connect(wacid, Instant.now())));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixture.record(id)).isEqualTo("RINGING/-"));

    temporal.refuse();
    String terminate = fixture.terminate(wacid, Instant.now(), null);
    CallFaultFixture.expect200(fixture.webhook(terminate));
    CallFaultFixture.expect200(fixture.webhook(terminate)); // Meta redelivers: still one event
    awaitTriedAndPending("call:" + wacid + ":terminate");
    assertThat(fixture.record(id)).as("nothing reached the call").isEqualTo("RINGING/-");

    temporal.restore();

    awaitEnded(wacid, id, List.of("connect", "terminate"));
  }

  @Test
  void aWholeCall_connectAndTerminate_whileTemporalIsDown_isAcknowledgedKept_andPlayedInOrderOnceItIsBack()
      throws Exception {
    String wacid = "wacid.TDOWN-WHOLE" + System.nanoTime();
    String id = "inbound-call:" + wacid;

    temporal.refuse();
    Instant now = Instant.now();
    CallFaultFixture.expect200(fixture.webhook(fixture.connect(wacid, now)));
    CallFaultFixture.expect200(fixture.webhook(fixture.terminate(wacid, now.plusSeconds(1), null)));
    CallFaultFixture.expect200(fixture.webhook(fixture.connect(wacid, now))); // redelivered
    awaitTriedAndPending("call:" + wacid + ":connect");
    assertThat(fixture.events(wacid)).extracting(e -> e.get("status")).containsOnly("PENDING");
    assertThat(fixture.record(id)).as("no call yet").isNull();

    temporal.restore();

    awaitEnded(wacid, id, List.of("connect", "terminate"));
  }

  @Test
  void anOutboundCallsConnectStatusesAndTerminate_whileTemporalIsDown_areKept_andTheCallEndsCompletedOnceItIsBack()
      throws Exception {
    String wacid = "wacid.TDOWN-OUT" + System.nanoTime();
    String requestId = "tdown-out-" + System.nanoTime();
    String id = "outbound-call:" + requestId;
    permissions.signalWithStart(PHONE, CallFaultFixture.CUSTOMER, wf -> wf::permissionReply, new PermissionReply(
        "wamid.grant-" + requestId, Instant.now(), ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null));
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls")).withRequestBody(matchingJsonPath("$.action", equalTo("connect")))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"calls\":[{\"id\":\"" + wacid + "\"}]}")));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fixture.send("GET",
        "/api/v1/permissions/" + PHONE + "/" + CallFaultFixture.CUSTOMER, null).body()).contains("\"callable\":true"));
    HttpResponse<String> placed = fixture.send("POST", "/api/v1/calls", """
        {"requestId":"%s","phoneNumberId":"%s","to":"%s","agentId":"%s","sdpOffer":"%s","ringTimeoutSeconds":60}"""
        .formatted(requestId, PHONE, CallFaultFixture.CUSTOMER, AGENT, CallFaultFixture.SDP));
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);

    temporal.refuse();
    Instant at = Instant.now();
    Instant answered = at.plusSeconds(2);
    Instant end = answered.plusSeconds(20);
    String accepted = fixture.outboundStatus(wacid, "ACCEPTED", answered, id);
    CallFaultFixture.expect200(fixture.webhook(fixture.outboundConnect(wacid, at, id)));
    CallFaultFixture.expect200(fixture.webhook(accepted));
    CallFaultFixture.expect200(fixture.webhook(fixture.outboundTerminate(wacid, end, answered, id)));
    CallFaultFixture.expect200(fixture.webhook(accepted)); // Meta redelivers: still one event
    awaitTriedAndPending("call:" + wacid + ":connect");
    assertThat(fixture.record(id)).as("nothing reached the call").startsWith("RINGING");

    temporal.restore();

    // Each event waited out its own backoff, but a call's events go in the order they came: the
    // connect, the ACCEPTED status, then the terminate, each reaching the call once.
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(fixture.events(wacid)).extracting(e -> e.get("status")).containsOnly("DISPATCHED");
      assertThat(fixture.record(id)).isEqualTo("ENDED/COMPLETED");
      assertThat(fixture.ledgerRows(id)).isEqualTo(1);
    });
    assertThat(fixture.events(wacid)).extracting(e -> e.get("dedupe_key"))
        .containsExactly("call:" + wacid + ":connect", "callstatus:" + wacid + ":ACCEPTED", "call:" + wacid + ":terminate");
    assertThat(client.fetchHistory(id).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)).as("each event signalled once")
        .hasSize(3);
    assertThat(fixture.db().sql("SELECT connected_seconds FROM billing_charges WHERE call_id = :id").param("id", id)
        .query(Long.class).single()).isEqualTo(20);
  }

  /** The event is stored once, PENDING, and was tried against the unreachable server. */
  private void awaitTriedAndPending(String dedupeKey) {
    assertThat(fixture.stored(dedupeKey)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Map<String, Object> event = fixture.db().sql(
          "SELECT status, attempts, last_error FROM webhook_events WHERE dedupe_key = :k")
          .param("k", dedupeKey).query().singleRow();
      assertThat(event.get("status")).isEqualTo("PENDING");
      assertThat((Integer) event.get("attempts")).isGreaterThan(0);
      assertThat((String) event.get("last_error")).contains("UNAVAILABLE");
    });
  }

  /**
   * Every event of the call DISPATCHED, each signalled exactly once in the order Meta sent them;
   * the call ENDED (ABANDONED: the caller hung up while it rang) with one conversation line and
   * one ledger row.
   */
  private void awaitEnded(String wacid, String id, List<String> events) {
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(fixture.events(wacid)).extracting(e -> e.get("status")).containsOnly("DISPATCHED");
      assertThat(fixture.record(id)).isEqualTo("ENDED/ABANDONED");
      assertThat(fixture.ledgerRows(id)).isEqualTo(1);
    });
    assertThat(fixture.events(wacid)).extracting(e -> e.get("dedupe_key"))
        .containsExactlyElementsOf(events.stream().map(e -> "call:" + wacid + ":" + e).toList());
    assertThat(fixture.conversationLines(id)).isEqualTo(1);
    assertThat(fixture.db().sql("SELECT connected_seconds FROM billing_charges WHERE call_id = :id").param("id", id)
        .query(Long.class).single()).isZero();
    assertThat(client.fetchHistory(id).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName()))
        .as("one signal per event, nothing dispatched twice").hasSize(events.size());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SDK's retry of an unreachable server: a second per call, not a minute; a server back is tried within 0.5 s. */
  @TestConfiguration(proxyBeanMethods = false)
  static class QuickOutageRecovery {
    @Bean
    TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> quickOutageRecovery() {
      return options -> options
          .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(1)).validateBuildWithDefaults())
          .setConnectionBackoffResetFrequency(Duration.ofMillis(500));
    }
  }
}
