package io.wacall.backend.cloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The WhatsApp Cloud API calls wacall makes (docs/meta-cloud-api.md#calling-api, #call-permissions): permission
 * requests, the permission lookup, and the five call actions. Every method either returns what
 * Meta promised or throws {@link GraphApiException}; nothing else leaks (no Jackson or Spring
 * exception, no NPE on an odd body).
 *
 * <p>Phone numbers ({@code to}, {@code userWaId}) are digits as Meta expects them, without
 * {@code +}.
 */
@Component
public class CloudApiClient {
  private static final String MESSAGING_PRODUCT = "whatsapp";
  /** Meta's limit on {@code biz_opaque_callback_data} (docs/meta-cloud-api.md#callback-data). */
  static final int MAX_BIZ_OPAQUE_CALLBACK_DATA_LENGTH = 512;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final RestClient restClient;
  private final CloudApiProperties properties;
  private final ObjectMapper mapper;
  private final CloudApiErrors errors;

  /** The Spring constructor: Boot's {@code RestClient.Builder} (message converters, observation). */
  @Autowired
  public CloudApiClient(RestClient.Builder restClientBuilder, CloudApiProperties properties) {
    this(restClientBuilder, properties, Clock.systemUTC());
  }

  /** For tests and tools without Spring: a plain {@link RestClient#builder()}. */
  public CloudApiClient(CloudApiProperties properties) {
    this(RestClient.builder(), properties, Clock.systemUTC());
  }

  /** {@code clock} turns a {@code Retry-After: <seconds>} header into an instant. */
  CloudApiClient(RestClient.Builder restClientBuilder, CloudApiProperties properties, Clock clock) {
    this.properties = properties;
    this.mapper = new ObjectMapper();
    this.errors = new CloudApiErrors(mapper, clock, properties.accessToken());
    HttpClient httpClient = HttpClient.newBuilder()
        .connectTimeout(properties.connectTimeout())
        .version(httpVersion(properties.baseUrl()))
        .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
    requestFactory.setReadTimeout(properties.readTimeout());
    this.restClient = restClientBuilder
        .baseUrl(properties.baseUrl())
        .requestFactory(requestFactory)
        .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
        .build();
  }

  /**
   * HTTP/2 over TLS (negotiated by ALPN, as graph.facebook.com does) but HTTP/1.1 over plain HTTP:
   * there the JDK client would try an h2c upgrade, which stub servers such as WireMock's Jetty
   * answer by resetting the stream of a POST with a body.
   */
  static HttpClient.Version httpVersion(String baseUrl) {
    boolean plainHttp = baseUrl.regionMatches(true, 0, "http:", 0, 5);
    return plainHttp ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2;
  }

  /**
   * The {@code biz_opaque_callback_data} of every permission request wacall sends. Meta returns it
   * in the message's status webhooks, so the webhook adapter knows the status of a request whose
   * wamid never reached wacall (the send's answer was lost) from the statuses of the CRM's own
   * messages (docs/meta-cloud-api.md#callback-data).
   */
  public static final String PERMISSION_REQUEST_CALLBACK_DATA = "wacall:permission-request";

  /**
   * Sends the free-form permission request (only inside an open 24 h customer service window).
   *
   * @param bodyText optional text above the button; omitted when null or blank
   * @return the message id ({@code wamid...}), which a reply webhook quotes as {@code context.id}
   */
  public String sendPermissionRequest(String phoneNumberId, String to, String bodyText) {
    ObjectNode body = message(to).put("type", "interactive")
        .put("biz_opaque_callback_data", PERMISSION_REQUEST_CALLBACK_DATA);
    ObjectNode interactive = body.putObject("interactive").put("type", "call_permission_request");
    interactive.putObject("action").put("name", "call_permission_request");
    if (bodyText != null && !bodyText.isBlank()) {
      interactive.putObject("body").put("text", bodyText);
    }
    return post("sendPermissionRequest", phoneNumberId, "messages", body, this::messageId);
  }

  /**
   * Sends an approved template that carries a {@code call_permission_request} component (works
   * outside the customer service window).
   *
   * @return the message id ({@code wamid...})
   */
  public String sendPermissionRequestTemplate(
      String phoneNumberId, String to, String templateName, String languageCode) {
    ObjectNode body = message(to).put("type", "template")
        .put("biz_opaque_callback_data", PERMISSION_REQUEST_CALLBACK_DATA);
    ObjectNode template =
        body.putObject("template").put("name", requireText(templateName, "templateName"));
    template.putObject("language").put("code", requireText(languageCode, "languageCode"));
    return post("sendPermissionRequestTemplate", phoneNumberId, "messages", body, this::messageId);
  }

  /** Reads the current permission and limit usage for one user. */
  public CallPermissionInfo getCallPermission(String phoneNumberId, String userWaId) {
    String operation = "getCallPermission";
    requireText(userWaId, "userWaId");
    RestClient.RequestHeadersSpec<?> request = restClient.get()
        .uri(b -> b.path("/{version}/{phoneNumberId}/call_permissions")
            .queryParam("user_wa_id", "{userWaId}")
            .build(properties.version(), requireText(phoneNumberId, "phoneNumberId"), userWaId));
    return execute(operation, request, this::callPermission);
  }

  /**
   * Starts a business-initiated call.
   *
   * @param sdpOffer the RFC 8866 offer, CRLF line ends
   * @param bizOpaqueCallbackData optional (at most 512 chars); echoed in the call's webhooks
   * @return the call id ({@code wacid...}); store it verbatim
   */
  public String connect(String phoneNumberId, String to, String sdpOffer, String bizOpaqueCallbackData) {
    ObjectNode body = JSON.objectNode()
        .put("messaging_product", MESSAGING_PRODUCT)
        .put("to", requireText(to, "to"))
        .put("action", "connect");
    session(body, "offer", sdpOffer);
    callbackData(body, bizOpaqueCallbackData);
    return post("connect", phoneNumberId, "calls", body, this::callId);
  }

  /** Sets up ICE/DTLS for a user-initiated call before {@link #accept}; recommended by Meta. */
  public void preAccept(String phoneNumberId, String callId, String sdpAnswer) {
    ObjectNode body = callAction(callId, "pre_accept");
    session(body, "answer", sdpAnswer);
    post("preAccept", phoneNumberId, "calls", body, this::success);
  }

  /**
   * Answers a user-initiated call. The SDP must equal the one sent in {@link #preAccept}.
   *
   * @param bizOpaqueCallbackData optional (at most 512 chars); echoed in the terminate webhook
   */
  public void accept(
      String phoneNumberId, String callId, String sdpAnswer, String bizOpaqueCallbackData) {
    ObjectNode body = callAction(callId, "accept");
    session(body, "answer", sdpAnswer);
    callbackData(body, bizOpaqueCallbackData);
    post("accept", phoneNumberId, "calls", body, this::success);
  }

  /** Declines a user-initiated call. */
  public void reject(String phoneNumberId, String callId) {
    post("reject", phoneNumberId, "calls", callAction(callId, "reject"), this::success);
  }

  /** Ends a call in either direction; Meta asks for it even after an RTCP BYE, for billing. */
  public void terminate(String phoneNumberId, String callId) {
    post("terminate", phoneNumberId, "calls", callAction(callId, "terminate"), this::success);
  }

  /**
   * Meta's call count and cost for one direction over [start, end), in daily data points
   * (docs/meta-cloud-api.md#call-analytics).
   *
   * @param direction {@code BUSINESS_INITIATED} or {@code USER_INITIATED}
   */
  public CallAnalytics callAnalytics(String wabaId, String direction, Instant start, Instant end) {
    String operation = "callAnalytics";
    RestClient.RequestHeadersSpec<?> request = restClient.get()
        .uri(b -> b.path("/{version}/{wabaId}/call_analytics")
            .queryParam("start", start.getEpochSecond())
            .queryParam("end", end.getEpochSecond())
            .queryParam("granularity", "DAILY")
            .queryParam("directions", "{directions}")
            .queryParam("metric_types", "{metricTypes}")
            .build(properties.version(), requireText(wabaId, "wabaId"),
                "[\"" + requireText(direction, "direction") + "\"]", "[\"COST\",\"COUNT\"]"));
    return execute(operation, request, success -> {
      try {
        return CallAnalytics.fromGraph(success.root());
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw unexpected(success, "call analytics data points (" + e.getMessage() + ")");
      }
    });
  }

  // --- request building

  private static ObjectNode message(String to) {
    return JSON.objectNode()
        .put("messaging_product", MESSAGING_PRODUCT)
        .put("recipient_type", "individual")
        .put("to", requireText(to, "to"));
  }

  private static ObjectNode callAction(String callId, String action) {
    return JSON.objectNode()
        .put("messaging_product", MESSAGING_PRODUCT)
        .put("call_id", requireText(callId, "callId"))
        .put("action", action);
  }

  private static void session(ObjectNode body, String sdpType, String sdp) {
    body.putObject("session").put("sdp_type", sdpType).put("sdp", requireText(sdp, "sdp"));
  }

  private static void callbackData(ObjectNode body, String bizOpaqueCallbackData) {
    if (bizOpaqueCallbackData == null) {
      return;
    }
    if (bizOpaqueCallbackData.length() > MAX_BIZ_OPAQUE_CALLBACK_DATA_LENGTH) {
      throw new IllegalArgumentException("bizOpaqueCallbackData longer than "
          + MAX_BIZ_OPAQUE_CALLBACK_DATA_LENGTH + " characters");
    }
    body.put("biz_opaque_callback_data", bizOpaqueCallbackData);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  // --- exchange

  /** A 2xx answer: the operation and raw bytes (for error messages), and the parsed JSON object. */
  private record Success(String operation, int status, byte[] body, JsonNode root) {}

  private <T> T post(
      String operation,
      String phoneNumberId,
      String edge,
      ObjectNode body,
      Function<Success, T> reader) {
    RestClient.RequestHeadersSpec<?> request = restClient.post()
        .uri("/{version}/{phoneNumberId}/{edge}",
            properties.version(), requireText(phoneNumberId, "phoneNumberId"), edge)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body);
    return execute(operation, request, reader);
  }

  private <T> T execute(
      String operation, RestClient.RequestHeadersSpec<?> request, Function<Success, T> reader) {
    String token = properties.accessToken();
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("wacall.cloud-api.access-token is not set");
    }
    try {
      return request
          .headers(h -> h.setBearerAuth(token))
          .exchange((req, response) -> {
            HttpStatusCode status = response.getStatusCode();
            byte[] bytes = response.getBody().readAllBytes();
            if (!status.is2xxSuccessful()) {
              throw errors.fromHttpError(operation, status.value(), response.getHeaders(), bytes);
            }
            JsonNode root;
            try {
              root = mapper.readTree(bytes);
            } catch (IOException notJson) {
              root = null;
            }
            if (root == null || !root.isObject()) {
              throw errors.unexpectedSuccess(operation, status.value(), bytes, "a JSON object");
            }
            return reader.apply(new Success(operation, status.value(), bytes, root));
          });
    } catch (ResourceAccessException e) {
      // RestClient's wrapper for every I/O failure, whether connecting, sending or reading.
      throw errors.fromNetwork(operation, e);
    }
  }

  // --- response reading

  private String messageId(Success success) {
    return firstId(success, "messages");
  }

  private String callId(Success success) {
    return firstId(success, "calls");
  }

  private String firstId(Success success, String array) {
    JsonNode id = success.root().path(array).path(0).path("id");
    if (!id.isTextual() || id.asText().isBlank()) {
      throw unexpected(success, array + "[0].id");
    }
    return id.asText();
  }

  private CallPermissionInfo callPermission(Success success) {
    try {
      return CallPermissionInfo.fromGraph(success.root());
    } catch (IllegalArgumentException e) {
      throw unexpected(success, "a readable permission (" + e.getMessage() + ")");
    }
  }

  /** The four call actions answer {@code {"success":true}}, with or without messaging_product. */
  private Void success(Success success) {
    JsonNode flag = success.root().get("success");
    if (flag == null || !flag.isBoolean() || !flag.booleanValue()) {
      throw unexpected(success, "\"success\":true");
    }
    return null;
  }

  private GraphApiException unexpected(Success success, String expected) {
    return errors.unexpectedSuccess(success.operation(), success.status(), success.body(), expected);
  }
}
