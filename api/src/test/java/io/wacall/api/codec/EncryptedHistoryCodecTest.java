package io.wacall.api.codec;

import static io.wacall.backend.temporal.codec.TestKeys.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.backend.temporal.codec.AesGcmPayloadCodec;
import io.wacall.backend.temporal.codec.TestKeys;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.contract.WorkflowIds;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Payload encryption end to end: the API and the worker with encryption on, a real CallPermission
 * workflow on the starter's test server driven through the REST API, its raw history read from the
 * server with no codec at all (every payload in it is {@code binary/encrypted}, no customer number
 * in clear), then decoded through {@code POST /codec/decode} over real HTTP, as the Temporal UI
 * does. The operator's bearer token is sent as the web security will require it.
 */
class EncryptedHistoryCodecTest extends ApiHttpTest {
  static final String PHONE = "106540352242922";
  static final String WA_ID = "5511977770001";
  static final String TEMPORAL_UI = "http://localhost:8088";

  @Autowired WorkflowClient temporal;
  @Autowired PermissionWorkflows permissions;

  @DynamicPropertySource
  static void encryption(DynamicPropertyRegistry registry) {
    registry.add("wacall.temporal.encryption.enabled", () -> "true");
    // rotated once: k2 encrypts, k1 still decrypts
    registry.add("wacall.temporal.encryption.keys", () -> entry("k2", 2) + "," + entry("k1", 1));
    registry.add("wacall.codec.cors-origins", () -> TEMPORAL_UI);
  }

  @BeforeEach
  void metaAnswers() {
    meta.resetAll();
    ApiTestSupport.stubPermissionRequestsAccepted(meta, PHONE, "wamid.HBgLENC");
  }

  @Test
  void theHistoryOnTheServerIsEncrypted_andTheCodecEndpointDecodesItForOperators() throws Exception {
    // a request (update-with-start, activities), a refusal (an Update failure), a reply (signal), queries
    String requests = "/api/v1/permissions/" + PHONE + "/" + WA_ID + "/requests";
    HttpResponse<String> accepted = send("POST", requests, "{\"bodyText\":\"May we call you about your order?\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    HttpResponse<String> throttled = send("POST", requests, "{}");
    assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
    assertThat(json.readTree(throttled.body()).path("nextAllowedAt").asText()).isNotEmpty();
    permissions.signalWithStart(PHONE, WA_ID, wf -> wf::permissionReply, new PermissionReply("wamid.enc-accept",
        Instant.now(), ReplyResponse.ACCEPT, false, Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
        ReplySource.USER_ACTION, "wamid.HBgLENC"));
    await().untilAsserted(() -> assertThat(json.readTree(send("GET", "/api/v1/permissions/" + PHONE + "/" + WA_ID, null)
        .body()).path("status").asText()).isEqualTo("TEMPORARY"));

    // the raw history, as the server stores it and shows it to anyone who can read the namespace
    History history = rawHistory(WorkflowIds.permission(PHONE, WA_ID));
    List<Found> payloads = new ArrayList<>();
    List<Found> versionMarkers = new ArrayList<>();
    List<Found> localActivityBookkeeping = new ArrayList<>();
    List<SearchAttributes> searchAttributes = new ArrayList<>();
    for (int i = 0; i < history.getEventsCount(); i++) {
      HistoryEvent event = history.getEvents(i);
      boolean sdkVersionMarker = event.hasMarkerRecordedEventAttributes()
          && event.getMarkerRecordedEventAttributes().getMarkerName().equals("Version");
      if (event.hasMarkerRecordedEventAttributes()
          && event.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity")) {
        // a local activity's marker: its input and result go through the codec like any payload;
        // the SDK writes its own bookkeeping (activity id, type, time, attempt) in plain
        String at = "events[" + i + "].local_activity_marker.";
        event.getMarkerRecordedEventAttributes().getDetailsMap().forEach((key, value) -> collect(value, at + key,
            LOCAL_ACTIVITY_BOOKKEEPING.contains(key) ? localActivityBookkeeping : payloads, searchAttributes));
        continue;
      }
      collect(event, "events[" + i + "]", sdkVersionMarker ? versionMarkers : payloads, searchAttributes);
    }
    assertThat(localActivityBookkeeping).allSatisfy(found ->
        assertThat(found.payload().toByteString().toStringUtf8()).as(found.path()).doesNotContain(WA_ID));
    assertThat(payloads).as("payloads in the history").hasSizeGreaterThan(5);
    assertThat(payloads).allSatisfy(found -> {
      assertThat(AesGcmPayloadCodec.isEncrypted(found.payload())).as(found.path()).isTrue();
      assertThat(found.payload().getMetadataOrThrow(AesGcmPayloadCodec.KEY_ID).toStringUtf8()).as(found.path()).isEqualTo("k2");
      assertThat(found.payload().toByteString().toStringUtf8()).as(found.path()).doesNotContain(WA_ID).doesNotContain("json/plain");
    });
    assertThat(payloads).extracting(Found::path).as("what is encrypted")
        .anyMatch(p -> p.endsWith("workflow_execution_started_event_attributes.input.payloads[0]"))
        .anyMatch(p -> p.contains("activity_task_scheduled_event_attributes.input"))
        .anyMatch(p -> p.contains("activity_task_completed_event_attributes.result"))
        .anyMatch(p -> p.contains("workflow_execution_signaled_event_attributes.input"))
        .anyMatch(p -> p.contains("workflow_execution_update_accepted_event_attributes"))
        .anyMatch(p -> p.contains("user_metadata.summary"));
    // the SDK writes its Workflow.getVersion markers (change id, version number) with its own plain
    // converter, never through the codec: wacall's change ids are constants, not customer data
    assertThat(versionMarkers).isNotEmpty().allSatisfy(found -> {
      assertThat(AesGcmPayloadCodec.isEncrypted(found.payload())).as(found.path()).isFalse();
      assertThat(found.payload().toByteString().toStringUtf8()).as(found.path()).doesNotContain(WA_ID);
    });
    // search attributes stay readable for the server's visibility store: they never hold a number
    assertThat(searchAttributes).isNotEmpty()
        .allSatisfy(sa -> assertThat(sa.toByteString().toStringUtf8()).doesNotContain(WA_ID));

    // what the UI asks a running workflow for (its current details, through the SDK's metadata query)
    Payload metadata = temporal.getWorkflowServiceStubs().blockingStub().queryWorkflow(QueryWorkflowRequest.newBuilder()
        .setNamespace(temporal.getOptions().getNamespace())
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(WorkflowIds.permission(PHONE, WA_ID)))
        .setQuery(WorkflowQuery.newBuilder().setQueryType("__temporal_workflow_metadata"))
        .build()).getQueryResult().getPayloads(0);
    assertThat(AesGcmPayloadCodec.isEncrypted(metadata)).as("the metadata query's answer").isTrue();

    // the Temporal UI's request: the payloads in protobuf JSON, the namespace, the operator's token
    HttpResponse<String> decoded = codec("/codec/decode", "default", json(payloads.stream().map(Found::payload).toList()));

    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    List<Payload> plain = payloads(decoded.body());
    assertThat(plain).hasSameSizeAs(payloads).noneMatch(AesGcmPayloadCodec::isEncrypted);
    int input = indexOf(payloads, "workflow_execution_started_event_attributes.input.payloads[0]");
    assertThat(plain.get(input).getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("json/plain");
    assertThat(plain.get(input).getData().toStringUtf8()).contains("\"waId\":\"" + WA_ID + "\"");
    assertThat(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(plain.get(input), PermissionInput.class,
        PermissionInput.class)).isEqualTo(PermissionInput.fresh(PHONE, WA_ID));
    assertThat(plain).extracting(p -> p.getData().toStringUtf8())
        .anyMatch(data -> data.contains("May we call you about your order?"))
        .anyMatch(data -> data.contains("wamid.enc-accept"));

    // the encrypted history replays on a worker with the codec, and cannot run on one without it
    try (TestWorkflowEnvironment env = replayEnvironment()) {
      Worker withCodec = env.newWorker("replay");
      withCodec.registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class);
      WorkflowReplayer.replayWorkflowExecution(new WorkflowExecutionHistory(history), withCodec);
    }
    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(new WorkflowExecutionHistory(history),
        CallPermissionWorkflowImpl.class)).hasStackTraceContaining("binary/encrypted");
  }

  @Test
  void encodeThenDecode_isARoundTripUnderTheActiveKey() throws Exception {
    Payload hello = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("\"hello " + WA_ID + "\"")).build();

    HttpResponse<String> encoded = codec("/codec/encode", "default", json(List.of(hello)));

    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
    Payload encrypted = payloads(encoded.body()).get(0);
    assertThat(AesGcmPayloadCodec.isEncrypted(encrypted)).isTrue();
    assertThat(encrypted.getMetadataOrThrow(AesGcmPayloadCodec.KEY_ID).toStringUtf8()).isEqualTo("k2");
    assertThat(encoded.body()).doesNotContain(WA_ID);
    HttpResponse<String> decoded = codec("/codec/decode", null, encoded.body());
    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    assertThat(payloads(decoded.body())).containsExactly(hello);
  }

  @Test
  void aPayloadUnderTheRetiredKeyStillDecodes_oneUnderAnUnknownKeyIs422NamingIt() throws Exception {
    Payload hello = Payload.newBuilder().setData(ByteString.copyFromUtf8("hello")).build();
    Payload underK1 = TestKeys.codec(entry("k1", 1)).encode(List.of(hello)).get(0);
    Payload underK9 = TestKeys.codec(entry("k9", 9)).encode(List.of(hello)).get(0);

    HttpResponse<String> old = codec("/codec/decode", "default", json(List.of(underK1)));
    assertThat(old.statusCode()).as(old.body()).isEqualTo(200);
    assertThat(payloads(old.body())).containsExactly(hello);

    HttpResponse<String> unknown = codec("/codec/decode", "default", json(List.of(underK1, underK9)));
    assertThat(unknown.statusCode()).isEqualTo(422);
    JsonNode problem = json.readTree(unknown.body());
    assertThat(problem.path("code").asText()).isEqualTo("PAYLOAD_NOT_DECODABLE");
    assertThat(problem.path("detail").asText()).contains("key id 'k9'").doesNotContain(TestKeys.key(2));
  }

  @Test
  void anotherNamespace_orABodyThatIsNotBase64_isABadRequest() throws Exception {
    HttpResponse<String> other = codec("/codec/decode", "billing", json(List.of()));
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(json.readTree(other.body()).path("code").asText()).isEqualTo("NAMESPACE_NOT_SERVED");

    HttpResponse<String> garbage = codec("/codec/decode", "default", "{\"payloads\":[{\"metadata\":{},\"data\":\"***\"}]}");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(json.readTree(garbage.body()).path("detail").asText()).contains("payloads[0].data is not base64");

    HttpResponse<String> empty = codec("/codec/decode", "default", "{\"payloads\":[]}");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(json.readTree(empty.body()).path("payloads").isArray()).isTrue();
  }

  @Test
  void onlyOperatorsGetThrough_andTheTemporalUiMayCallFromItsOrigin() throws Exception {
    String body = json(List.of());
    assertThat(codec("/codec/decode", "default", body, null).statusCode()).isEqualTo(401);
    assertThat(codec("/codec/decode", "default", body, ApiTestSupport.TOKEN).statusCode()).isEqualTo(403);

    // the browser's preflight before the UI's POST, then the POST itself
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/codec/decode"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", TEMPORAL_UI)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,x-namespace")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(TEMPORAL_UI);
    HttpResponse<String> fromTheUi = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/codec/decode"))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Origin", TEMPORAL_UI)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + ApiTestSupport.OPERATOR_TOKEN)
        .header(CodecController.NAMESPACE_HEADER, "default")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(fromTheUi.statusCode()).as(fromTheUi.body()).isEqualTo(200);
    assertThat(fromTheUi.headers().firstValue("Access-Control-Allow-Origin")).hasValue(TEMPORAL_UI);

    JsonNode decode = json.readTree(send("GET", "/v3/api-docs/wacall", null, null).body())
        .path("paths").path("/codec/decode").path("post");
    assertThat(decode.path("x-wacall-roles").toString()).isEqualTo("[\"OPERATOR\"]");
    assertThat(decode.path("tags").toString()).contains("Payload codec");
  }

  // ---- helpers

  record Found(String path, Payload payload) {}

  /** Every Payload message in {@code message}, depth first, except inside search attributes (kept apart). */
  /** The details a local activity's marker holds for the SDK itself, written with its plain converter. */
  static final java.util.Set<String> LOCAL_ACTIVITY_BOOKKEEPING = java.util.Set.of("activityId", "type", "time", "meta");

  static void collect(Message message, String path, List<Found> payloads, List<SearchAttributes> searchAttributes) {
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      List<?> values = descriptor.isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
      for (int i = 0; i < values.size(); i++) {
        String at = path + "." + descriptor.getName() + (descriptor.isRepeated() ? "[" + i + "]" : "");
        Object value = values.get(i);
        if (value instanceof Payload payload) {
          payloads.add(new Found(at, payload));
        } else if (value instanceof SearchAttributes attributes) {
          searchAttributes.add(attributes);
        } else {
          collect((Message) value, at, payloads, searchAttributes);
        }
      }
    }
  }

  static int indexOf(List<Found> payloads, String pathSuffix) {
    for (int i = 0; i < payloads.size(); i++) {
      if (payloads.get(i).path().endsWith(pathSuffix)) {
        return i;
      }
    }
    throw new AssertionError("no payload at " + pathSuffix);
  }

  /** The history from the server's gRPC API: no data converter, no codec in the way. */
  History rawHistory(String workflowId) {
    History.Builder history = History.newBuilder();
    ByteString page = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse response = temporal.getWorkflowServiceStubs().blockingStub()
          .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(temporal.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
              .setNextPageToken(page)
              .build());
      history.addAllEvents(response.getHistory().getEventsList());
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return history.build();
  }

  /** A test environment whose data converter has the same keys as the process, for replays. */
  static TestWorkflowEnvironment replayEnvironment() {
    return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE,
                List.of(TestKeys.codec(entry("k2", 2), entry("k1", 1))), true))
            .build())
        .build());
  }

  String json(List<Payload> payloads) throws Exception {
    return json.writeValueAsString(CodecPayloads.of(payloads));
  }

  List<Payload> payloads(String body) throws Exception {
    return json.readValue(body, CodecPayloads.class).toProto();
  }

  /** A codec server request as the Temporal UI sends it, with an operator's bearer token. */
  HttpResponse<String> codec(String path, String namespace, String body) throws Exception {
    return codec(path, namespace, body, ApiTestSupport.OPERATOR_TOKEN);
  }

  HttpResponse<String> codec(String path, String namespace, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (namespace != null) {
      request.header(CodecController.NAMESPACE_HEADER, namespace);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
