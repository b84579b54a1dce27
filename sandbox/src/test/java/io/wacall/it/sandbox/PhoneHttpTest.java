package io.wacall.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.it.sandbox.RecordingWebhookReceiver.Received;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The customer phone's relay without a browser: the page's SDP goes out in the connect webhook,
 * the business's comes back to the page, and permission requests wait for the page's answer.
 * (The same context as {@link SandboxHttpTest}; customers of its own.)
 */
@SpringBootTest(
    classes = SandboxTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "wacall.sandbox.enabled=true",
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
class PhoneHttpTest {
  static final String PHONE = SandboxHttpTest.PHONE_NUMBER_ID;
  static final String PAGE_OFFER = "v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=phone-offer\r\n";
  static final String AGENT_ANSWER = "v=0\r\no=- 43 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=agent-answer\r\n";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger CUSTOMERS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired RecordingWebhookReceiver receiver;
  private RestClient http;

  @BeforeEach
  void client() {
    http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
        .requestFactory(new JdkClientHttpRequestFactory()).build();
  }

  @Test
  void thePagesOfferGoesOutInTheConnectWebhookAndTheAgentsAnswerComesBack() throws Exception {
    String waId = openPhone();
    String callId = send(HttpMethod.POST, "/sandbox/phones/" + waId + "/calls",
        Map.of("phoneNumberId", PHONE, "sdpOffer", PAGE_OFFER)).path("callId").asText();
    Received connect = awaitWebhook(r -> r.value().at("/calls/0/id").asText().equals(callId)
        && r.value().at("/calls/0/event").asText().equals("connect"));
    assertThat(connect.value().at("/calls/0/session/sdp").asText()).isEqualTo(PAGE_OFFER);

    graph(Map.of("messaging_product", "whatsapp", "action", "pre_accept", "call_id", callId,
        "session", Map.of("sdp_type", "answer", "sdp", AGENT_ANSWER)));
    JsonNode call = send(HttpMethod.GET, "/sandbox/phones/" + waId, null).path("calls").get(0);
    assertThat(call.path("state").asText()).isEqualTo("PRE_ACCEPTED");
    assertThat(call.path("businessSdp").asText()).isEqualTo(AGENT_ANSWER);
    graph(Map.of("messaging_product", "whatsapp", "action", "accept", "call_id", callId,
        "session", Map.of("sdp_type", "answer", "sdp", AGENT_ANSWER)));

    // the call lasts until someone hangs up: here the page
    Thread.sleep(1_500);
    assertThat(send(HttpMethod.GET, "/sandbox/phones/" + waId, null).at("/calls/0/state").asText()).isEqualTo("CONNECTED");
    send(HttpMethod.POST, "/sandbox/phones/" + waId + "/calls/" + callId + "/hangup", null);
    awaitWebhook(r -> r.value().at("/calls/0/id").asText().equals(callId)
        && r.value().at("/calls/0/event").asText().equals("terminate"));
  }

  @Test
  void aBusinessCallRingsOnThePageWithTheAgentsOfferAndThePagesAnswerGoesBack() throws Exception {
    String waId = openPhone();
    grantByHand(waId);
    JsonNode connected = graph(Map.of("messaging_product", "whatsapp", "to", waId, "action", "connect",
        "session", Map.of("sdp_type", "offer", "sdp", AGENT_ANSWER.replace("agent-answer", "agent-offer"))));
    String callId = connected.at("/calls/0/id").asText();
    Thread.sleep(300); // longer than the customer's answer-after: the page's customer does not answer by itself
    JsonNode ringing = send(HttpMethod.GET, "/sandbox/phones/" + waId, null).path("calls").get(0);
    assertThat(ringing.path("state").asText()).isEqualTo("RINGING");
    assertThat(ringing.path("businessSdp").asText()).contains("a=agent-offer");

    send(HttpMethod.POST, "/sandbox/phones/" + waId + "/calls/" + callId + "/answer", Map.of("sdpAnswer", PAGE_OFFER));
    Received connect = awaitWebhook(r -> r.value().at("/calls/0/id").asText().equals(callId)
        && r.value().at("/calls/0/event").asText().equals("connect"));
    assertThat(connect.value().at("/calls/0/session/sdp_type").asText()).isEqualTo("answer");
    assertThat(connect.value().at("/calls/0/session/sdp").asText()).isEqualTo(PAGE_OFFER);
  }

  /** A permission request waits on the page; its Accept sends the reply webhook. */
  private void grantByHand(String waId) throws Exception {
    JsonNode sent = graph(Map.of("messaging_product", "whatsapp", "recipient_type", "individual", "to", waId,
        "type", "interactive", "interactive", Map.of("type", "call_permission_request",
            "action", Map.of("name", "call_permission_request"), "body", Map.of("text", "May we call you?"))),
        "messages");
    String requestId = sent.at("/messages/0/id").asText();
    JsonNode waiting = await().atMost(Duration.ofSeconds(5)).until(
        () -> send(HttpMethod.GET, "/sandbox/phones/" + waId, null).path("permissionRequests"), r -> r.size() == 1);
    assertThat(waiting.get(0).path("requestId").asText()).isEqualTo(requestId);
    send(HttpMethod.POST, "/sandbox/phones/" + waId + "/permission-requests/" + requestId, Map.of("accept", true));
    Received reply = awaitWebhook(r -> r.value().at("/messages/0/from").asText().equals(waId)
        && r.value().at("/messages/0/interactive/type").asText().equals("call_permission_reply"));
    assertThat(reply.value().at("/messages/0/interactive/call_permission_reply/response").asText()).isEqualTo("accept");
    assertThat(send(HttpMethod.GET, "/sandbox/phones/" + waId, null).path("permissionRequests").size()).isZero();
  }

  private String openPhone() throws Exception {
    String waId = String.format("4477008%05d", CUSTOMERS.incrementAndGet());
    send(HttpMethod.POST, "/sandbox/phones/" + waId + "/open", null);
    JsonNode settings = send(HttpMethod.GET, "/sandbox/customers/" + waId, null);
    assertThat(settings.path("permissionReply").asText()).isEqualTo("IGNORE");
    assertThat(settings.path("callBehaviour").asText()).isEqualTo("IGNORE");
    return waId;
  }

  private JsonNode graph(Object body) throws Exception {
    return graph(body, "calls");
  }

  private JsonNode graph(Object body, String edge) throws Exception {
    return JSON.readTree(http.post().uri("/sandbox/graph/v23.0/" + PHONE + "/" + edge)
        .header("Authorization", "Bearer sandbox-test-token").contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().body(String.class));
  }

  private JsonNode send(HttpMethod method, String path, Object body) throws Exception {
    RestClient.RequestBodySpec spec = http.method(method).uri(path);
    if (body != null) {
      spec.contentType(MediaType.APPLICATION_JSON).body(body);
    }
    String text = spec.retrieve().body(String.class);
    return text == null ? JSON.nullNode() : JSON.readTree(text);
  }

  private Received awaitWebhook(Predicate<Received> predicate) {
    return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> receiver.received().stream().filter(predicate).findFirst(), Optional::isPresent).get();
  }
}
