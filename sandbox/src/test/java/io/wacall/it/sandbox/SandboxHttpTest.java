package io.wacall.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.it.sandbox.RecordingWebhookReceiver.Received;
import io.wacall.sandbox.Sdp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The sandbox driven over real HTTP as our service drives it, with its webhooks received and
 * verified by a stand-in adapter. Each test uses customers of its own, so the shared context and
 * the shared clock (only ever moved forward) do not couple them.
 */
@SpringBootTest(
    classes = SandboxTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "wacall.sandbox.enabled=true",
      // a process with the sandbox on calls a sandbox, never Meta (SandboxGuard); this one has no client
      "wacall.cloud-api.base-url=http://127.0.0.1/sandbox/graph",
      "wacall.webhook.app-secret=" + RecordingWebhookReceiver.APP_SECRET,
      "wacall.sandbox.waba-id=" + SandboxHttpTest.WABA_ID,
      "wacall.sandbox.display-phone-numbers."
          + SandboxHttpTest.PHONE_NUMBER_ID
          + "="
          + SandboxHttpTest.DISPLAY_NUMBER,
      "wacall.sandbox.customer.reply-delay=50ms",
      "wacall.sandbox.customer.answer-after=100ms",
      "wacall.sandbox.customer.talk=1100ms",
      "wacall.sandbox.user-call-accept-timeout=1500ms",
      "wacall.sandbox.delivery.first-retry-delay=50ms"
    })
class SandboxHttpTest {
  static final String WABA_ID = "109876543210987";
  static final String PHONE_NUMBER_ID = "106540352242922";
  static final String DISPLAY_NUMBER = "447700900123";
  private static final String TOKEN = "sandbox-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger CUSTOMERS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired RecordingWebhookReceiver receiver;
  @Autowired MutableClock clock;
  private RestClient http;

  @BeforeEach
  void client() {
    http =
        RestClient.builder()
            .baseUrl("http://127.0.0.1:" + port)
            .requestFactory(new JdkClientHttpRequestFactory())
            .build();
  }

  @AfterEach
  void everyWebhookWasSignedJson() {
    assertThat(receiver.received())
        .allSatisfy(
            received -> {
              assertThat(received.signatureValid()).as("X-Hub-Signature-256 verifies").isTrue();
              assertThat(received.contentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
              assertThat(received.json().path("object").asText())
                  .isEqualTo("whatsapp_business_account");
              assertThat(received.json().at("/entry/0/id").asText()).isEqualTo(WABA_ID);
              assertThat(received.value().path("messaging_product").asText()).isEqualTo("whatsapp");
              assertThat(received.value().at("/metadata/phone_number_id").asText())
                  .isEqualTo(PHONE_NUMBER_ID);
              assertThat(received.value().at("/metadata/display_phone_number").asText())
                  .isEqualTo(DISPLAY_NUMBER);
            });
  }

  // ---- permission requests ----

  @Test
  void givenTemporaryAccepter_whenPermissionRequested_thenStatusesAndReplyArriveAndGrantShows() {
    String waId = newCustomer();
    behave(waId, Map.of("permissionReply", "ACCEPT_TEMPORARY", "profileName", "Ada"));

    Reply reply = graphPost("messages", interactivePermissionRequest("+" + waId));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("messaging_product").asText()).isEqualTo("whatsapp");
    assertThat(reply.body().at("/contacts/0/input").asText()).isEqualTo("+" + waId);
    assertThat(reply.body().at("/contacts/0/wa_id").asText()).isEqualTo(waId);
    String requestId = reply.body().at("/messages/0/id").asText();
    assertThat(requestId).startsWith("wamid.");

    Received answer = awaitWebhook("permission reply", permissionReplyFrom(waId));
    Received sent = awaitWebhook("sent", messageStatus(requestId, "sent"));
    Received delivered = awaitWebhook("delivered", messageStatus(requestId, "delivered"));
    Received read = awaitWebhook("read", messageStatus(requestId, "read"));
    assertThat(List.of(sent, delivered, read, answer))
        .as("in the order they happened")
        .isSortedAccordingTo(
            (a, b) ->
                Integer.compare(receiver.received().indexOf(a), receiver.received().indexOf(b)));
    for (Received status : List.of(sent, delivered, read)) {
      assertThat(status.field()).isEqualTo("messages");
      JsonNode s = status.value().at("/statuses/0");
      assertThat(s.path("recipient_id").asText()).isEqualTo(waId);
      assertThat(s.path("timestamp").isTextual()).isTrue();
      assertThat(s.has("type")).as("message statuses have no type").isFalse();
      assertThat(s.path("biz_opaque_callback_data").asText())
          .as("the request's callback data comes back in its statuses")
          .isEqualTo("wacall:permission-request");
    }

    assertThat(answer.field()).isEqualTo("messages");
    JsonNode value = answer.value();
    assertThat(value.at("/contacts/0/wa_id").asText()).isEqualTo(waId);
    assertThat(value.at("/contacts/0/profile/name").asText()).isEqualTo("Ada");
    JsonNode message = value.at("/messages/0");
    assertThat(message.path("from").asText()).isEqualTo(waId);
    assertThat(message.path("id").asText()).startsWith("wamid.").isNotEqualTo(requestId);
    assertThat(message.path("timestamp").isTextual()).isTrue();
    assertThat(message.at("/context/id").asText()).isEqualTo(requestId);
    assertThat(message.at("/context/from").asText()).isEqualTo(DISPLAY_NUMBER);
    assertThat(message.path("type").asText()).isEqualTo("interactive");
    assertThat(message.at("/interactive/type").asText()).isEqualTo("call_permission_reply");
    JsonNode decision = message.at("/interactive/call_permission_reply");
    assertThat(decision.path("response").asText()).isEqualTo("accept");
    assertThat(decision.path("is_permanent").isBoolean()).isTrue();
    assertThat(decision.path("is_permanent").asBoolean()).isFalse();
    assertThat(decision.path("response_source").asText()).isEqualTo("user_action");
    assertThat(decision.path("expiration_timestamp").isTextual()).isTrue();
    long repliedAt = Long.parseLong(message.path("timestamp").asText());
    long expiresAt = Long.parseLong(decision.path("expiration_timestamp").asText());
    assertThat(expiresAt - repliedAt).isEqualTo(Duration.ofDays(7).toSeconds());

    JsonNode permissions = permissions(waId);
    assertThat(permissions.path("messaging_product").asText()).isEqualTo("whatsapp");
    assertThat(permissions.at("/permission/status").asText()).isEqualTo("temporary");
    assertThat(permissions.at("/permission/expiration_time").asLong()).isEqualTo(expiresAt);
    JsonNode request = action(permissions, "send_call_permission_request");
    assertThat(request.path("can_perform_action").asBoolean()).isFalse();
    assertThat(request.at("/limits/0/time_period").asText()).isEqualTo("PT24H");
    assertThat(request.at("/limits/0/max_allowed").asInt()).isEqualTo(1);
    assertThat(request.at("/limits/0/current_usage").asInt()).isEqualTo(1);
    assertThat(request.at("/limits/0/limit_expiration_time").isNumber()).isTrue();
    assertThat(request.at("/limits/1/time_period").asText()).isEqualTo("P7D");
    assertThat(request.at("/limits/1/max_allowed").asInt()).isEqualTo(2);
    assertThat(request.at("/limits/1/current_usage").asInt()).isEqualTo(1);
    assertThat(request.at("/limits/1").has("limit_expiration_time")).isFalse();
    JsonNode startCall = action(permissions, "start_call");
    assertThat(startCall.path("can_perform_action").asBoolean()).isTrue();
    assertThat(startCall.at("/limits/0/max_allowed").asInt()).isEqualTo(100);
    assertThat(startCall.at("/limits/0/current_usage").asInt()).isZero();
  }

  @Test
  void givenPermanentAccepter_whenTemplateRequestAnswered_thenNextRequestIs138017() {
    String waId = newCustomer();
    behave(waId, Map.of("permissionReply", "ACCEPT_PERMANENT"));

    Reply reply = graphPost("messages", templatePermissionRequest(waId));
    assertThat(reply.status()).isEqualTo(200);
    String requestId = reply.body().at("/messages/0/id").asText();

    JsonNode message = awaitWebhook("reply", permissionReplyFrom(waId)).value().at("/messages/0");
    assertThat(message.at("/context/id").asText()).isEqualTo(requestId);
    JsonNode decision = message.at("/interactive/call_permission_reply");
    assertThat(decision.path("response").asText()).isEqualTo("accept");
    assertThat(decision.path("is_permanent").asBoolean()).isTrue();
    assertThat(decision.has("expiration_timestamp")).isFalse();
    assertThat(permissions(waId).at("/permission/status").asText()).isEqualTo("permanent");
    assertThat(permissions(waId).at("/permission").has("expiration_time")).isFalse();
    assertThat(
            action(permissions(waId), "send_call_permission_request")
                .path("can_perform_action")
                .asBoolean())
        .isFalse();

    clock.advance(Duration.ofDays(8)); // past every request window: only the grant refuses now
    assertGraphError(graphPost("messages", interactivePermissionRequest(waId)), 400, 138017);
  }

  @Test
  void givenRejecter_whenRequestAnswered_thenRejectWithoutGrant() {
    String waId = newCustomer();
    behave(waId, Map.of("permissionReply", "REJECT"));
    String requestId = requestPermission(waId);

    JsonNode message = awaitWebhook("reply", permissionReplyFrom(waId)).value().at("/messages/0");
    assertThat(message.at("/context/id").asText()).isEqualTo(requestId);
    JsonNode decision = message.at("/interactive/call_permission_reply");
    assertThat(decision.path("response").asText()).isEqualTo("reject");
    assertThat(decision.path("response_source").asText()).isEqualTo("user_action");
    assertThat(decision.has("is_permanent")).as("n/a for a reject (section 2.2)").isFalse();
    assertThat(decision.has("expiration_timestamp")).isFalse();
    assertThat(permissions(waId).at("/permission/status").asText()).isEqualTo("no_permission");
  }

  @Test
  void givenIgnoringCustomer_requestsAreLimitedToOnePerDayAndTwoPerWeek() {
    String waId = newCustomer();
    behave(waId, Map.of("permissionReply", "IGNORE"));
    Instant first = clock.instant();
    String requestId = requestPermission(waId);
    awaitWebhook("read", messageStatus(requestId, "read"));

    Reply sameDay = graphPost("messages", interactivePermissionRequest(waId));
    assertGraphError(sameDay, 400, 138009);
    Instant nextAllowed =
        Instant.parse(
            sameDay.body().at("/error/error_data/details").asText().replaceAll(".* at ", ""));
    assertThat(Duration.between(first, nextAllowed))
        .isBetween(Duration.ofHours(24), Duration.ofHours(24).plusSeconds(5));

    clock.advance(Duration.ofHours(25));
    requestPermission(waId);
    clock.advance(Duration.ofHours(25));
    assertGraphError(graphPost("messages", interactivePermissionRequest(waId)), 400, 138009);
    JsonNode limits = action(permissions(waId), "send_call_permission_request").path("limits");
    assertThat(limits.at("/1/current_usage").asInt()).isEqualTo(2);
    assertThat(limits.at("/1/limit_expiration_time").isNumber()).isTrue();

    clock.advance(Duration.ofDays(5)); // the first request is now more than 7 days old
    requestPermission(waId);

    // The customer ignores requests: after a read, nothing more.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> find(permissionReplyFrom(waId)).isEmpty());
  }

  @Test
  void givenTemporaryGrant_whenSevenDaysPass_itLapsesWithoutWebhook() {
    String waId = newCustomer();
    grant(waId, "ACCEPT_TEMPORARY");

    clock.advance(Duration.ofDays(7).plusSeconds(1));

    assertThat(permissions(waId).at("/permission/status").asText()).isEqualTo("no_permission");
    assertGraphError(connect(waId, null), 401, 138006);
  }

  @Test
  void plainMessagesGetAWamidAndNothingElse() {
    String waId = newCustomer();
    Reply reply =
        graphPost(
            "messages",
            Map.of(
                "messaging_product",
                "whatsapp",
                "to",
                waId,
                "type",
                "text",
                "text",
                Map.of("body", "hi")));

    assertThat(reply.status()).isEqualTo(200);
    String id = reply.body().at("/messages/0/id").asText();
    assertThat(id).startsWith("wamid.");
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> find(r -> r.json().toString().contains(waId)).isEmpty());
  }

  // ---- business-initiated calls ----

  @Test
  void givenAnsweringCustomer_whenWeCall_thenRingingAcceptedConnectAndCompletedTerminate() {
    String waId = newCustomer();
    grant(waId, "ACCEPT_TEMPORARY");
    assertThat(
            action(permissions(waId), "send_call_permission_request")
                .path("can_perform_action")
                .asBoolean())
        .isFalse();
    behave(waId, Map.of("callBehaviour", "ANSWER", "answerAfterSeconds", 0.1, "talkSeconds", 1.1));

    Reply reply = connect(waId, "outbound-call:42");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("messaging_product").asText()).isEqualTo("whatsapp");
    String callId = reply.body().at("/calls/0/id").asText();
    assertThat(callId).startsWith("wacid.");

    Received terminate = awaitWebhook("terminate", callEvent(callId, "terminate"));
    assertThat(eventsOf(callId))
        .containsExactly("status RINGING", "status ACCEPTED", "connect", "terminate");

    for (String status : List.of("RINGING", "ACCEPTED")) {
      Received received = awaitWebhook(status, callStatus(callId, status));
      assertThat(received.field()).isEqualTo("calls");
      JsonNode s = received.value().at("/statuses/0");
      assertThat(s.path("type").asText()).isEqualTo("call");
      assertThat(s.path("recipient_id").asText()).isEqualTo(waId);
      assertThat(s.path("timestamp").isTextual()).isTrue();
      assertThat(s.path("biz_opaque_callback_data").asText()).isEqualTo("outbound-call:42");
    }
    Received connect = awaitWebhook("connect", callEvent(callId, "connect"));
    assertThat(connect.field()).isEqualTo("calls");
    assertThat(connect.value().at("/contacts/0/wa_id").asText()).isEqualTo(waId);
    JsonNode c = connect.value().at("/calls/0");
    assertThat(c.path("direction").asText()).isEqualTo("BUSINESS_INITIATED");
    assertThat(c.path("from").asText()).isEqualTo(DISPLAY_NUMBER);
    assertThat(c.path("to").asText()).isEqualTo(waId);
    assertThat(c.at("/session/sdp_type").asText()).isEqualTo("answer");
    assertThat(c.at("/session/sdp").asText()).startsWith("v=0\r\n").endsWith("\r\n");

    JsonNode t = terminate.value().at("/calls/0");
    assertThat(t.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(t.path("direction").asText()).isEqualTo("BUSINESS_INITIATED");
    assertThat(t.path("biz_opaque_callback_data").asText()).isEqualTo("outbound-call:42");
    long start = Long.parseLong(t.path("start_time").asText());
    long end = Long.parseLong(t.path("end_time").asText());
    assertThat(t.path("duration").isIntegralNumber()).isTrue();
    assertThat(t.path("duration").asLong()).isEqualTo(end - start).isBetween(1L, 2L);

    // A connected call resets the request limits (docs/meta-cloud-api.md#request-limits) and counts towards the daily cap.
    JsonNode permissions = permissions(waId);
    assertThat(
            action(permissions, "send_call_permission_request")
                .path("can_perform_action")
                .asBoolean())
        .isTrue();
    assertThat(action(permissions, "start_call").at("/limits/0/current_usage").asInt())
        .isEqualTo(1);
  }

  @Test
  void givenRejectingCustomer_whenWeCall_thenRingingRejectedAndTerminateWithoutDuration() {
    String waId = newCustomer();
    grant(waId, "ACCEPT_PERMANENT");
    behave(waId, Map.of("callBehaviour", "REJECT", "answerAfterSeconds", 0.05));

    String callId = connect(waId, null).body().at("/calls/0/id").asText();

    JsonNode t = awaitWebhook("terminate", callEvent(callId, "terminate")).value().at("/calls/0");
    assertThat(eventsOf(callId)).containsExactly("status RINGING", "status REJECTED", "terminate");
    assertThat(t.path("status").asText()).isEqualTo("FAILED");
    assertThat(t.has("duration")).isFalse();
    assertThat(t.has("start_time")).isFalse();
    assertThat(t.has("end_time")).isFalse();
    assertThat(t.has("biz_opaque_callback_data")).isFalse();
  }

  @Test
  void givenIgnoringCustomer_whenWeCall_itRingsUntilWeTerminate() {
    String waId = newCustomer();
    grant(waId, "ACCEPT_PERMANENT");
    behave(waId, Map.of("callBehaviour", "IGNORE"));

    String callId = connect(waId, null).body().at("/calls/0/id").asText();
    awaitWebhook("ringing", callStatus(callId, "RINGING"));
    assertGraphError(connect(waId, null), 400, 138003);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> eventsOf(callId).size() == 1);

    Reply terminate = callAction("terminate", callId, null);
    assertThat(terminate.status()).isEqualTo(200);
    assertThat(terminate.body().path("messaging_product").asText()).isEqualTo("whatsapp");
    assertThat(terminate.body().path("success").asBoolean()).isTrue();

    JsonNode t = awaitWebhook("terminate", callEvent(callId, "terminate")).value().at("/calls/0");
    assertThat(t.path("status").asText()).isEqualTo("FAILED");
    assertThat(t.has("duration")).isFalse();
    assertThat(eventsOf(callId)).containsExactly("status RINGING", "terminate");
    assertGraphError(callAction("terminate", callId, null), 400, 100);
  }

  @Test
  void givenAnsweredCall_whenWeTerminate_thenCompletedWithDuration() {
    String waId = newCustomer();
    grant(waId, "ACCEPT_PERMANENT");
    behave(waId, Map.of("answerAfterSeconds", 0.05, "talkSeconds", 60));

    String callId = connect(waId, null).body().at("/calls/0/id").asText();
    awaitWebhook("connect", callEvent(callId, "connect"));
    assertThat(callAction("terminate", callId, null).status()).isEqualTo(200);

    JsonNode t = awaitWebhook("terminate", callEvent(callId, "terminate")).value().at("/calls/0");
    assertThat(t.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(t.path("duration").asLong())
        .isEqualTo(
            Long.parseLong(t.path("end_time").asText())
                - Long.parseLong(t.path("start_time").asText()));
  }

  @Test
  void givenFourUnansweredCallsInARow_thePermissionIsRevokedAutomatically() {
    String waId = newCustomer();
    grant(waId, "ACCEPT_PERMANENT");
    behave(waId, Map.of("callBehaviour", "REJECT", "answerAfterSeconds", 0.02));

    for (int call = 1; call <= 4; call++) {
      Reply reply = connect(waId, null);
      assertThat(reply.status()).as("call %d", call).isEqualTo(200);
      String callId = reply.body().at("/calls/0/id").asText();
      awaitWebhook("terminate " + call, callEvent(callId, "terminate"));
      if (call < 4) {
        assertThat(permissionRepliesFrom(waId)).as("after %d: only the grant", call).hasSize(1);
      }
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> permissionRepliesFrom(waId).size() == 2);
    Received revoke = permissionRepliesFrom(waId).get(1);
    JsonNode message = revoke.value().at("/messages/0");
    assertThat(message.has("context")).as("answers no request").isFalse();
    assertThat(message.at("/interactive/type").asText()).isEqualTo("call_permission_reply");
    JsonNode decision = message.at("/interactive/call_permission_reply");
    assertThat(decision.path("response").asText()).isEqualTo("reject");
    assertThat(decision.path("response_source").asText()).isEqualTo("automatic");
    assertThat(decision.has("expiration_timestamp")).isFalse();
    assertThat(permissions(waId).at("/permission/status").asText()).isEqualTo("no_permission");
    assertGraphError(connect(waId, null), 401, 138006);
  }

  // ---- user-initiated calls ----

  @Test
  void givenUserCall_whenWePreAcceptAndAccept_thenTerminateCarriesDuration() {
    String waId = newCustomer();
    String callId = userCall(waId, 1.1);

    Received connect = awaitWebhook("connect", callEvent(callId, "connect"));
    assertThat(connect.field()).isEqualTo("calls");
    assertThat(connect.value().at("/contacts/0/wa_id").asText()).isEqualTo(waId);
    assertThat(connect.value().at("/contacts/0/profile/name").asText()).isNotBlank();
    JsonNode c = connect.value().at("/calls/0");
    assertThat(c.path("direction").asText()).isEqualTo("USER_INITIATED");
    assertThat(c.path("from").asText()).isEqualTo(waId);
    assertThat(c.path("to").asText()).isEqualTo(DISPLAY_NUMBER);
    assertThat(c.path("timestamp").isTextual()).isTrue();
    assertThat(c.at("/session/sdp_type").asText()).isEqualTo("offer");
    assertThat(c.at("/session/sdp").asText()).isEqualTo(Sdp.OFFER);

    assertThat(callAction("pre_accept", callId, Sdp.ANSWER).body().path("success").asBoolean())
        .isTrue();
    assertGraphError(callAction("accept", callId, Sdp.ANSWER + "a=x-different\r\n"), 400, 100);
    assertThat(callAction("accept", callId, Sdp.ANSWER).status()).isEqualTo(200);

    JsonNode t = awaitWebhook("terminate", callEvent(callId, "terminate")).value().at("/calls/0");
    assertThat(t.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(t.path("direction").asText()).isEqualTo("USER_INITIATED");
    assertThat(t.path("from").asText()).isEqualTo(waId);
    assertThat(t.path("duration").asLong())
        .isEqualTo(
            Long.parseLong(t.path("end_time").asText())
                - Long.parseLong(t.path("start_time").asText()))
        .isBetween(1L, 2L);
    assertThat(eventsOf(callId)).containsExactly("connect", "terminate");
  }

  @Test
  void givenUserCall_whenWeReject_thenTerminateWithoutDuration() {
    String waId = newCustomer();
    String callId = userCall(waId, null);
    awaitWebhook("connect", callEvent(callId, "connect"));

    assertThat(callAction("reject", callId, null).body().path("success").asBoolean()).isTrue();

    JsonNode t = awaitWebhook("terminate", callEvent(callId, "terminate")).value().at("/calls/0");
    assertThat(t.path("status").asText()).isEqualTo("FAILED");
    assertThat(t.has("duration")).isFalse();
  }

  @Test
  void givenUserCall_whenNobodyAccepts_itEndsAfterTheAcceptWindow() {
    String waId = newCustomer();
    String callId = userCall(waId, null);

    JsonNode t =
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> find(callEvent(callId, "terminate")), Optional::isPresent)
            .get()
            .value()
            .at("/calls/0");

    assertThat(t.path("status").asText()).isEqualTo("FAILED");
    assertThat(t.has("duration")).isFalse();
    assertGraphError(callAction("accept", callId, Sdp.ANSWER), 400, 100);
  }

  @Test
  void givenAcceptedUserCall_whenTheCustomerHangsUp_thenCompletedTerminate() {
    String waId = newCustomer();
    String callId = userCall(waId, 600);
    assertThat(callAction("accept", callId, Sdp.ANSWER).status()).isEqualTo(200);

    assertThat(
            send(
                    HttpMethod.POST,
                    "/sandbox/customers/" + waId + "/calls/" + callId + "/hangup",
                    null,
                    null)
                .status())
        .isEqualTo(204);

    JsonNode t = awaitWebhook("terminate", callEvent(callId, "terminate")).value().at("/calls/0");
    assertThat(t.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(t.has("duration")).isTrue();
    assertThat(
            send(
                    HttpMethod.POST,
                    "/sandbox/customers/" + waId + "/calls/" + callId + "/hangup",
                    null,
                    null)
                .status())
        .isEqualTo(404);
  }

  // ---- Graph errors ----

  @Test
  void withoutBearerToken_graphAnswers401InItsErrorShape() {
    String path = "/sandbox/graph/v23.0/" + PHONE_NUMBER_ID + "/messages";
    assertGraphError(
        send(HttpMethod.POST, path, null, interactivePermissionRequest("1")), 401, 190);
    assertGraphError(
        send(
            HttpMethod.GET,
            "/sandbox/graph/v23.0/" + PHONE_NUMBER_ID + "/call_permissions?user_wa_id=1",
            null,
            null),
        401,
        190);
    Reply basic =
        http.post()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
            .contentType(MediaType.APPLICATION_JSON)
            .body(interactivePermissionRequest("1"))
            .exchange(
                (request, response) ->
                    new Reply(response.getStatusCode().value(), JSON.readTree(response.getBody())));
    assertGraphError(basic, 401, 190);
  }

  @Test
  void malformedCallRequestsAre100AndCallsWithoutPermission138006() {
    String waId = newCustomer();
    assertGraphError(connect(waId, null), 401, 138006);

    grant(waId, "ACCEPT_PERMANENT");
    Map<String, Object> noSdp =
        Map.of(
            "messaging_product",
            "whatsapp",
            "to",
            waId,
            "action",
            "connect",
            "session",
            Map.of("sdp_type", "offer"));
    assertGraphError(graphPost("calls", noSdp), 400, 100);
    assertGraphError(callAction("terminate", "wacid.unknown", null), 400, 100);
    assertGraphError(callAction("accept", "wacid.unknown", Sdp.ANSWER), 400, 100);
    assertGraphError(
        graphPost("calls", Map.of("messaging_product", "whatsapp", "action", "dial")), 400, 100);
    assertGraphError(graphPost("calls", Map.of("action", "terminate", "call_id", "x")), 400, 100);
    assertGraphError(connect(waId, "x".repeat(513)), 400, 100);
  }

  // ---- delivery ----

  @Test
  void aFailedDeliveryIsRetriedAndTheLogShowsIt() {
    String waId = newCustomer();
    behave(waId, Map.of("permissionReply", "IGNORE"));
    // Our adapter fails the first two deliveries of the "sent" status.
    receiver.failNext(body -> body.contains(waId) && body.contains("\"status\":\"sent\""), 2);

    String requestId = requestPermission(waId);
    awaitWebhook("sent, at last", messageStatus(requestId, "sent"));

    JsonNode log =
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> send(HttpMethod.GET, "/sandbox/webhooks?waId=" + waId, null, null).body(),
                entries ->
                    entries.size() == 3
                        && entries.get(0).path("outcome").asText().equals("DELIVERED"));
    JsonNode sent = log.get(0);
    assertThat(sent.path("summary").asText()).isEqualTo("message status sent");
    assertThat(sent.path("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(sent.path("attempts").asInt()).isEqualTo(3);
    assertThat(sent.path("httpStatus").asInt()).isEqualTo(200);
    assertThat(sent.path("subject").asText()).isEqualTo(requestId);
    assertThat(sent.at("/payload/entry/0/changes/0/value/statuses/0/id").asText())
        .isEqualTo(requestId);
    assertThat(sent.path("url").asText())
        .isEqualTo("http://127.0.0.1:" + port + "/webhooks/whatsapp");
  }

  @Test
  void customerSettingsArePutAndRead() {
    String waId = newCustomer();
    Reply put =
        send(
            HttpMethod.PUT,
            "/sandbox/customers/+" + waId,
            null,
            Map.of("callBehaviour", "IGNORE", "talkSeconds", 0.25));
    assertThat(put.status()).isEqualTo(200);

    JsonNode settings = send(HttpMethod.GET, "/sandbox/customers/" + waId, null, null).body();
    assertThat(settings.path("callBehaviour").asText()).isEqualTo("IGNORE");
    assertThat(settings.path("talkSeconds").decimalValue()).isEqualByComparingTo("0.25");
    assertThat(settings.path("permissionReply").asText()).isEqualTo("ACCEPT_TEMPORARY");
    assertThat(settings.path("answerAfterSeconds").decimalValue()).isEqualByComparingTo("0.1");
    assertThat(settings.path("replyDelaySeconds").decimalValue()).isEqualByComparingTo("0.05");
    assertThat(
            send(HttpMethod.PUT, "/sandbox/customers/" + waId, null, Map.of("talkSeconds", -1))
                .status())
        .isEqualTo(400);
  }

  // ---- helpers ----

  record Reply(int status, JsonNode body) {}

  private Reply send(HttpMethod method, String path, String token, Object body) {
    RestClient.RequestBodySpec spec = http.method(method).uri(path);
    if (token != null) {
      spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    if (body != null) {
      spec.contentType(MediaType.APPLICATION_JSON).body(body);
    }
    return spec.exchange(
        (request, response) -> {
          byte[] bytes = response.getBody().readAllBytes();
          return new Reply(
              response.getStatusCode().value(), bytes.length == 0 ? null : readTree(bytes));
        });
  }

  private static JsonNode readTree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Reply graphPost(String edge, Object body) {
    return send(
        HttpMethod.POST, "/sandbox/graph/v23.0/" + PHONE_NUMBER_ID + "/" + edge, TOKEN, body);
  }

  private JsonNode permissions(String waId) {
    Reply reply =
        send(
            HttpMethod.GET,
            "/sandbox/graph/v23.0/" + PHONE_NUMBER_ID + "/call_permissions?user_wa_id=" + waId,
            TOKEN,
            null);
    assertThat(reply.status()).isEqualTo(200);
    return reply.body();
  }

  private static JsonNode action(JsonNode permissions, String name) {
    for (JsonNode action : permissions.path("actions")) {
      if (action.path("action_name").asText().equals(name)) {
        return action;
      }
    }
    throw new AssertionError("no action " + name + " in " + permissions);
  }

  private Reply connect(String waId, String bizOpaqueCallbackData) {
    Map<String, Object> body =
        new java.util.HashMap<>(
            Map.of(
                "messaging_product",
                "whatsapp",
                "to",
                waId,
                "action",
                "connect",
                "session",
                Map.of("sdp_type", "offer", "sdp", Sdp.OFFER)));
    if (bizOpaqueCallbackData != null) {
      body.put("biz_opaque_callback_data", bizOpaqueCallbackData);
    }
    return graphPost("calls", body);
  }

  private Reply callAction(String action, String callId, String sdpAnswer) {
    Map<String, Object> body =
        new java.util.HashMap<>(
            Map.of("messaging_product", "whatsapp", "action", action, "call_id", callId));
    if (sdpAnswer != null) {
      body.put("session", Map.of("sdp_type", "answer", "sdp", sdpAnswer));
    }
    return graphPost("calls", body);
  }

  private String userCall(String waId, Number talkSeconds) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("phoneNumberId", PHONE_NUMBER_ID));
    if (talkSeconds != null) {
      body.put("talkSeconds", talkSeconds);
    }
    Reply reply = send(HttpMethod.POST, "/sandbox/customers/" + waId + "/calls", null, body);
    assertThat(reply.status()).isEqualTo(200);
    String callId = reply.body().path("callId").asText();
    assertThat(callId).startsWith("wacid.");
    return callId;
  }

  private void behave(String waId, Map<String, ?> settings) {
    assertThat(send(HttpMethod.PUT, "/sandbox/customers/" + waId, null, settings).status())
        .isEqualTo(200);
  }

  /** The customer answers a permission request with {@code reply}. */
  private void grant(String waId, String reply) {
    behave(waId, Map.of("permissionReply", reply));
    requestPermission(waId);
    awaitWebhook("grant", permissionReplyFrom(waId));
  }

  private String requestPermission(String waId) {
    Reply reply = graphPost("messages", interactivePermissionRequest(waId));
    assertThat(reply.status()).as("request accepted: %s", reply.body()).isEqualTo(200);
    return reply.body().at("/messages/0/id").asText();
  }

  private static Map<String, Object> interactivePermissionRequest(String to) {
    return Map.of(
        "messaging_product", "whatsapp",
        "recipient_type", "individual",
        "to", to,
        "type", "interactive",
        "biz_opaque_callback_data", "wacall:permission-request",
        "interactive",
            Map.of(
                "type", "call_permission_request",
                "action", Map.of("name", "call_permission_request"),
                "body", Map.of("text", "May we call you about your order?")));
  }

  private static Map<String, Object> templatePermissionRequest(String to) {
    return Map.of(
        "messaging_product",
        "whatsapp",
        "to",
        to,
        "type",
        "template",
        "template",
        Map.of("name", "call_permission", "language", Map.of("code", "en")));
  }

  private static void assertGraphError(Reply reply, int httpStatus, int code) {
    assertThat(reply.status()).as("HTTP status of %s", reply.body()).isEqualTo(httpStatus);
    JsonNode error = reply.body().path("error");
    assertThat(error.path("code").asInt()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("type").asText()).isEqualTo("OAuthException");
    assertThat(error.at("/error_data/details").asText()).isNotBlank();
    assertThat(error.path("fbtrace_id").asText()).isNotBlank();
  }

  private static String newCustomer() {
    return String.format("4477009%05d", CUSTOMERS.incrementAndGet());
  }

  private Optional<Received> find(Predicate<Received> predicate) {
    return receiver.received().stream().filter(predicate).findFirst();
  }

  private Received awaitWebhook(String description, Predicate<Received> predicate) {
    return await(description)
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> find(predicate), Optional::isPresent)
        .get();
  }

  private List<Received> permissionRepliesFrom(String waId) {
    return receiver.received().stream().filter(permissionReplyFrom(waId)).toList();
  }

  /** The call's webhooks in arrival order: "status RINGING", "connect", "terminate". */
  private List<String> eventsOf(String callId) {
    return receiver.received().stream()
        .map(
            r -> {
              if (r.value().at("/statuses/0/id").asText().equals(callId)) {
                return "status " + r.value().at("/statuses/0/status").asText();
              }
              return r.value().at("/calls/0/id").asText().equals(callId)
                  ? r.value().at("/calls/0/event").asText()
                  : null;
            })
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  private static Predicate<Received> messageStatus(String messageId, String status) {
    return r ->
        r.field().equals("messages")
            && r.value().at("/statuses/0/id").asText().equals(messageId)
            && r.value().at("/statuses/0/status").asText().equals(status);
  }

  private static Predicate<Received> permissionReplyFrom(String waId) {
    return r ->
        r.field().equals("messages")
            && r.value().at("/messages/0/from").asText().equals(waId)
            && r.value()
                .at("/messages/0/interactive/type")
                .asText()
                .equals("call_permission_reply");
  }

  private static Predicate<Received> callStatus(String callId, String status) {
    return r ->
        r.field().equals("calls")
            && r.value().at("/statuses/0/id").asText().equals(callId)
            && r.value().at("/statuses/0/status").asText().equals(status);
  }

  private static Predicate<Received> callEvent(String callId, String event) {
    return r ->
        r.field().equals("calls")
            && r.value().at("/calls/0/id").asText().equals(callId)
            && r.value().at("/calls/0/event").asText().equals(event);
  }
}
