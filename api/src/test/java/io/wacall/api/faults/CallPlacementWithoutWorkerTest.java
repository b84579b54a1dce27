package io.wacall.api.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.wacall.api.call.CallWorkflows;
import io.wacall.api.support.ApiTestApplication;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.call.OutboundCallWorkflowImpl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /api/v1/calls} with no worker polling the task queue (the API alone, on the Temporal
 * starter's in-process test server). The update-with-start used to wait for ever, holding the
 * request; now it waits {@code wacall.calling.place-timeout}, withdraws the run no worker took (it
 * can never connect later with the agent's stale offer) and answers 503 with Retry-After. A worker
 * that takes a call later than {@code wacall.calling.max-offer-age} after it was requested (the
 * API that would have withdrawn it was gone) refuses it in the checks. And a requestId names one
 * call: another body under it is 409.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("api")
class CallPlacementWithoutWorkerTest {
  private static final Duration PLACE_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration MAX_OFFER_AGE = Duration.ofSeconds(4);
  private static final String PHONE = "106540352249903";
  private static final String CUSTOMER = "5521987650301";
  private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  private static final WireMockServer meta = ApiTestSupport.startMeta();
  private static final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired ObjectMapper json;
  @Autowired WorkflowClient client;
  @Autowired CallWorkflows workflows;
  @Autowired PermissionReadModel permissions;
  @Autowired CallReadModel calls;
  @Autowired @Qualifier("callDirectoryActivities") Object directoryActivities;
  @Autowired @Qualifier("callCloudApiActivities") Object cloudApiActivities;
  @Autowired @Qualifier("callRecordActivities") Object recordActivities;
  @Autowired @Qualifier("legacyCallActivities") Object legacyActivities;
  @Autowired @Qualifier("permissionActivities") Object permissionActivities;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestSupport.properties(registry, meta);
    registry.add("wacall.calling.place-timeout", () -> PLACE_TIMEOUT.toSeconds() + "s");
    registry.add("wacall.calling.max-offer-age", () -> MAX_OFFER_AGE.toSeconds() + "s");
  }

  @BeforeAll
  static void metaWouldAcceptAConnect() {
    meta.stubFor(post(urlPathMatching("/v23.0/.*/calls")).willReturn(okJson(
        "{\"messaging_product\":\"whatsapp\",\"calls\":[{\"id\":\"wacid.LATE\"}]}")));
  }

  /** Everything a worker needs to place the call: a Brazilian business number, and the customer's permanent grant. */
  @BeforeEach
  void callable() throws Exception {
    HttpResponse<String> number = send("PUT", "/api/v1/phone-numbers/" + PHONE, "{\"displayNumber\":\"+5511955550123\"}",
        ApiTestSupport.OPERATOR_TOKEN);
    assertThat(number.statusCode()).as(number.body()).isEqualTo(200);
    Instant now = Instant.now();
    permissions.record(new PermissionView(PHONE, CUSTOMER, PermissionStatus.PERMANENT, true, now, null, null, List.of(),
        null, 0, null, null, now, List.of(), 1, now), "test-grant");
  }

  @AfterAll
  static void stopMeta() {
    meta.stop();
  }

  @Test
  void aCallNoWorkerTakes_is503WithRetryAfterWithinTheBound_andWithdrawnNeverToBePlaced() throws Exception {
    String requestId = "no-worker-" + System.nanoTime();
    String id = WorkflowIds.outboundCall(requestId);
    String body = place(requestId, CUSTOMER, SDP);

    long started = System.nanoTime();
    HttpResponse<String> response = postCall(body);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("WORKER_UNAVAILABLE");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(took).as("answered in " + took).isGreaterThanOrEqualTo(PLACE_TIMEOUT).isLessThan(PLACE_TIMEOUT.plusSeconds(7));
    // withdrawn: the run is over, so no worker can ever take it and connect with the stale offer
    assertThat(client.newUntypedWorkflowStub(id).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    JsonNode record = json.readTree(get("/api/v1/calls/" + id).body());
    assertThat(record.path("workflowStatus").asText()).isEqualTo("REFUSED");
    assertThat(record.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(record.path("errorMessage").asText()).contains("no worker took the call");
    assertThat(record.path("timeline").toString()).contains("WORKER_UNAVAILABLE");

    // the same request again is the same call: answered at once, nothing started again
    String runId = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
    HttpResponse<String> again = postCall(body);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    assertThat(json.readTree(again.body()).path("status").asText()).isEqualTo("REFUSED");
    assertThat(client.newUntypedWorkflowStub(id).describe().getExecution().getRunId()).isEqualTo(runId);
    // another call under the same requestId is a mistake, not this call
    HttpResponse<String> other = postCall(place(requestId, "5521987650399", SDP));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
    assertThat(json.readTree(other.body()).path("code").asText()).isEqualTo("REQUEST_ID_REUSED");
    assertThat(json.readTree(other.body()).path("detail").asText()).contains("to");
    meta.verify(0, postRequestedFor(urlPathMatching("/v23.0/.*/calls")));
  }

  @Test
  void anEndedCallIsReadFromItsRecord_withoutAskingItsClosedRun_whichNoWorkerCouldAnswer() throws Exception {
    String id = WorkflowIds.outboundCall("ended-" + System.nanoTime());
    // its run is over, and no worker polls its task queue: a query to it could only wait
    WorkflowClient.start(client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id).setTaskQueue("nobody-" + System.nanoTime()).build())::run,
        new OutboundCallInput("ended", PHONE, CUSTOMER, "agent-1", SDP, null));
    client.newUntypedWorkflowStub(id).terminate("the call ended");
    Instant started = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    assertThat(calls.record(new CallView(id, "wacid.ENDED", CallDirection.BUSINESS_INITIATED, PHONE, CUSTOMER,
        "agent-1", CallStatus.ENDED, CallOutcome.COMPLETED, started, started.plusSeconds(5), started.plusSeconds(35), 30,
        false, null, null, List.of(), null, null, false, null, null, null, null, null, List.of(), 9, Instant.now()),
        "run-1")).isTrue();

    long asked = System.nanoTime();
    HttpResponse<String> record = get("/api/v1/calls/" + id);
    Duration took = Duration.ofNanos(System.nanoTime() - asked);

    assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
    assertThat(json.readTree(record.body()).path("status").asText()).isEqualTo("ENDED");
    assertThat(json.readTree(record.body()).path("durationSeconds").asInt()).isEqualTo(30);
    assertThat(took).as("answered in " + took).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void anotherBodyUnderTheRequestIdOfARunningCall_is409AtOnce_andTheCallIsLeftAlone() throws Exception {
    String requestId = "running-" + System.nanoTime();
    String id = WorkflowIds.outboundCall(requestId);
    OutboundCallInput first = new OutboundCallInput(requestId, PHONE, CUSTOMER, "agent-1", SDP, null);
    OutboundCallWorkflow stub = workflows.startingOutbound(first);
    WorkflowClient.start(stub::run, first);
    try {
      long started = System.nanoTime();
      HttpResponse<String> other = postCall(place(requestId, "5521987650398", SDP + "a=sendrecv\r\n"));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
      JsonNode problem = json.readTree(other.body());
      assertThat(problem.path("code").asText()).isEqualTo("REQUEST_ID_REUSED");
      assertThat(problem.path("detail").asText()).contains("to, sdpOffer").doesNotContain("phoneNumberId");
      assertThat(took).as("answered in " + took).isLessThan(PLACE_TIMEOUT);
      assertThat(client.newUntypedWorkflowStub(id).describe().getStatus())
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    } finally {
      client.newUntypedWorkflowStub(id).terminate("test over");
    }
  }

  @Test
  void aCallAWorkerTakesLaterThanTheMaxOfferAge_isRefusedByTheChecks_neverConnected() throws Exception {
    // as if the API had started it and died while waiting: nobody withdrew it
    String taskQueue = "late-worker-" + System.nanoTime();
    String requestId = "late-" + System.nanoTime();
    String id = WorkflowIds.outboundCall(requestId);
    OutboundCallInput input = new OutboundCallInput(requestId, PHONE, CUSTOMER, "agent-1", SDP, null);
    OutboundCallWorkflow stub = client.newWorkflowStub(OutboundCallWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    WorkflowClient.start(stub::run, input);
    Thread.sleep(MAX_OFFER_AGE.plusSeconds(1).toMillis());

    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(OutboundCallWorkflowImpl.class);
    worker.registerActivitiesImplementations(directoryActivities, cloudApiActivities, recordActivities, legacyActivities,
        permissionActivities);
    factory.start();
    try {
      CallView call = client.newUntypedWorkflowStub(id).getResult(30, TimeUnit.SECONDS, CallView.class);

      assertThat(call.status()).isEqualTo(CallStatus.REFUSED);
      assertThat(call.wacid()).isNull();
      assertThat(call.errorMessage()).contains("max-offer-age", "stale");
      meta.verify(0, postRequestedFor(urlPathMatching("/v23.0/.*/calls")));
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static String place(String requestId, String to, String sdp) throws Exception {
    return new ObjectMapper().writeValueAsString(java.util.Map.of("requestId", requestId, "phoneNumberId", PHONE,
        "to", to, "agentId", "agent-1", "sdpOffer", sdp));
  }

  private HttpResponse<String> postCall(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/calls"))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + ApiTestSupport.TOKEN)
        .timeout(Duration.ofSeconds(60))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null, ApiTestSupport.TOKEN);
  }

  private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }
}
