package io.wacall.backend.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.CloudApiProperties;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.failure.FailureTypes;
import java.time.Duration;
import java.util.function.Function;

/**
 * The ways Meta misbehaves in the fault tests, each as a WireMock answer to a request Meta has
 * received, with what wacall must make of it. Shared by the activity matrix and the permission
 * workflow test.
 */
enum MetaFaults {
  /** Meta's generic "something went wrong" as HTTP 500 with a Graph error body. */
  SERVER_ERROR_500(ok -> aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody("""
      {"error":{"message":"(#131000) Something went wrong","type":"OAuthException","code":131000,
        "error_data":{"messaging_product":"whatsapp","details":"Something went wrong"},"fbtrace_id":"trace-500"}}"""),
      FailureTypes.CLOUD_API_TRANSIENT, "TRANSIENT", 500, 131000, true, false),
  /** 429 with {@code Retry-After: 120} (seconds). */
  THROTTLED_429_WITH_RETRY_AFTER(ok -> throttled().withHeader("Retry-After", String.valueOf(Timing.RETRY_AFTER.toSeconds())),
      FailureTypes.CLOUD_API_THROTTLED, "THROTTLED", 429, 130429, false, true),
  /** 429 with neither a Retry-After header nor a time in error_data. */
  THROTTLED_429_WITHOUT_RETRY_TIME(ok -> throttled(),
      FailureTypes.CLOUD_API_THROTTLED, "THROTTLED", 429, 130429, false, false),
  /** Meta's success, but later than the client's read timeout ({@link #READ_TIMEOUT}). */
  SLOW_PAST_READ_TIMEOUT(ok -> ok.withFixedDelay((int) Timing.READ_TIMEOUT.multipliedBy(3).toMillis()),
      FailureTypes.CLOUD_API_TRANSIENT, "TRANSIENT", 0, null, true, false),
  /** The request was read, then the connection reset (RST) instead of an answer. */
  CONNECTION_RESET_AFTER_REQUEST(ok -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
      FailureTypes.CLOUD_API_TRANSIENT, "TRANSIENT", 0, null, true, false),
  /** The request was read, then the connection closed without a single byte of answer. */
  EMPTY_RESPONSE_AFTER_REQUEST(ok -> aResponse().withFault(Fault.EMPTY_RESPONSE),
      FailureTypes.CLOUD_API_TRANSIENT, "TRANSIENT", 0, null, true, false);

  static final Duration READ_TIMEOUT = Timing.READ_TIMEOUT;
  static final Duration RETRY_AFTER = Timing.RETRY_AFTER;
  static final String TOKEN = "EAAfaultTestToken0123456789";

  /** Apart from the enum, so that its constants can use them. */
  static final class Timing {
    /**
     * Short, so that a Meta that does not answer in time is quick to test; not shorter, so that a
     * busy machine's slow answer is not taken for a fault.
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    static final Duration RETRY_AFTER = Duration.ofSeconds(120);

    private Timing() {}
  }

  final Function<ResponseDefinitionBuilder, ResponseDefinitionBuilder> answer;
  final String failureType;
  final String category;
  final int httpStatus;
  final Integer graphCode;
  /** Whether the request may have taken effect at Meta (a 5xx, or no answer once it was sent). */
  final boolean ambiguous;
  final boolean retryAtPresent;

  MetaFaults(Function<ResponseDefinitionBuilder, ResponseDefinitionBuilder> answer, String failureType,
      String category, int httpStatus, Integer graphCode, boolean ambiguous, boolean retryAtPresent) {
    this.answer = answer;
    this.failureType = failureType;
    this.category = category;
    this.httpStatus = httpStatus;
    this.graphCode = graphCode;
    this.ambiguous = ambiguous;
    this.retryAtPresent = retryAtPresent;
  }

  /** What Meta answers instead of {@code successBody}. */
  ResponseDefinitionBuilder instead(String successBody) {
    return answer.apply(okJson(successBody));
  }

  /** Meta's stand-in on a loopback port, warmed up ({@link #warmUp}). */
  static WireMockServer startMeta() {
    WireMockServer meta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
    warmUp(meta);
    return meta;
  }

  /**
   * The SDK's test server with wacall's search attributes, one worker on {@code taskQueue} running
   * {@code workflowType} with {@code activities}, started.
   */
  static TestWorkflowEnvironment temporal(TestEnvironmentOptions options, String taskQueue, Class<?> workflowType,
      Object... activities) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options);
    WacallSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    Worker worker = env.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(workflowType);
    worker.registerActivitiesImplementations(activities);
    env.start();
    return env;
  }

  /**
   * Gets Meta's stand-in ready (classes loaded, a JSON path compiled): else the first case's answer
   * may come later than the short read timeout.
   */
  static void warmUp(WireMockServer meta) {
    meta.stubFor(post(urlEqualTo("/v23.0/warm-up/calls")).withRequestBody(matchingJsonPath("$.action", equalTo("terminate")))
        .willReturn(okJson("{\"success\":true}")));
    // patient: this first answer is the slow one
    new CloudApiClient(new CloudApiProperties("http://127.0.0.1:" + meta.port(), null, TOKEN, Duration.ofSeconds(30),
        Duration.ofSeconds(30))).terminate("warm-up", "wacid.warm-up");
    meta.resetAll();
  }

  static CloudApiProperties properties(int port) {
    return new CloudApiProperties("http://127.0.0.1:" + port, null, TOKEN, Duration.ofSeconds(2), READ_TIMEOUT);
  }

  private static ResponseDefinitionBuilder throttled() {
    return aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody("""
        {"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,
          "error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},
          "fbtrace_id":"trace-429"}}""");
  }
}
