package io.wacall.backend.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.wacall.backend.activity.CallCloudApiActivitiesImpl;
import io.wacall.backend.activity.PermissionActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.workflows.call.AnswerCall;
import io.wacall.workflows.call.AnswerOutcome;
import io.wacall.workflows.call.CallCloudApiActivities;
import io.wacall.workflows.call.PlaceCall;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.workflows.permission.PermissionActivities;
import io.wacall.workflows.permission.PermissionActivities.SendPermissionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault test "Meta misbehaves" (issue 10), one attempt of each Cloud API step: every step wacall
 * takes at Meta (connect, pre_accept, accept, reject, terminate, the permission request) against
 * every way Meta misbehaves ({@link MetaFaults}), through the real activity implementation, the real
 * {@link CloudApiClient} and Temporal's data converter and failure mapping, with Meta as WireMock.
 *
 * <p>Checked for each case: Meta received the step exactly once (the client itself never repeats a
 * request, not even a POST whose connection broke; and after a refused pre_accept no accept is
 * sent), and the typed outcome the workflows act on: the failure type, {@code CloudApiErrorDetails}
 * (category, HTTP status, Graph code, {@code ambiguous}, {@code retryAt} when Meta gave a retry
 * time), and whether Temporal may retry the step. Whether the workflows repeat a step is their
 * retry options': connect, pre_accept and accept run once (CallRecorder's {@code onceApi}), reject
 * and terminate are repeatable; the permission request's is checked through the real workflow in
 * {@link MetaMisbehavesPermissionWorkflowTest}.
 *
 * <p>No case saves a call record (every one fails before Meta agrees), so no database is needed.
 */
class MetaMisbehavesTest {
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";
  static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  static final String CALLS = "/v23.0/" + PHONE + "/calls";
  static final String MESSAGES = "/v23.0/" + PHONE + "/messages";
  static final String CALL_SUCCESS = "{\"messaging_product\":\"whatsapp\",\"success\":true}";

  /** The Cloud API steps wacall takes, each as the activity a workflow runs. */
  enum Step {
    CONNECT(CALLS, "connect", "{\"messaging_product\":\"whatsapp\",\"calls\":[{\"id\":\"wacid.FAULT\"}]}"),
    PRE_ACCEPT(CALLS, "pre_accept", CALL_SUCCESS),
    ACCEPT(CALLS, "accept", CALL_SUCCESS),
    REJECT(CALLS, "reject", CALL_SUCCESS),
    TERMINATE(CALLS, "terminate", CALL_SUCCESS),
    PERMISSION_REQUEST(MESSAGES, null, """
        {"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],
         "messages":[{"id":"wamid.FAULT"}]}""".formatted(CUSTOMER, CUSTOMER));

    final String path;
    /** The {@code action} of a calls request; null for the permission request (a message). */
    final String action;
    final String successBody;

    Step(String path, String action, String successBody) {
      this.path = path;
      this.action = action;
      this.successBody = successBody;
    }

    MappingBuilder request() {
      MappingBuilder request = post(urlEqualTo(path));
      return action == null ? request : request.withRequestBody(matchingJsonPath("$.action", equalTo(action)));
    }

    RequestPatternBuilder received() {
      RequestPatternBuilder received = postRequestedFor(urlEqualTo(path));
      return action == null ? received : received.withRequestBody(matchingJsonPath("$.action", equalTo(action)));
    }
  }

  /**
   * A failed step as the workflow sees it: the failure type, Meta's details, and whether Temporal
   * may retry it (null for AnswerCall, which answers an outcome instead of failing).
   */
  record Outcome(String failureType, CloudApiErrorDetails details, Boolean nonRetryable) {}

  static WireMockServer meta;

  TestActivityEnvironment temporal;
  CallCloudApiActivities calls;
  PermissionActivities permissions;

  @BeforeAll
  static void startMeta() {
    meta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
    MetaFaults.warmUp(meta);
  }

  @AfterAll
  static void stopMeta() {
    meta.stop();
  }

  @BeforeEach
  void setUp() {
    meta.resetAll();
    CloudApiClient client = new CloudApiClient(MetaFaults.properties(meta.port()));
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(new CallCloudApiActivitiesImpl(client, null),
        new PermissionActivitiesImpl(client, null, null, null));
    // One attempt: what the step does when Meta misbehaves once. TestActivityEnvironment does not
    // retry anyway; the failure's retryability says whether Temporal would.
    ActivityOptions once = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    calls = temporal.newActivityStub(CallCloudApiActivities.class, once);
    permissions = temporal.newActivityStub(PermissionActivities.class, once);
  }

  @AfterEach
  void tearDown() {
    temporal.close();
  }

  static Stream<Arguments> everyStepAgainstEveryFault() {
    return Arrays.stream(Step.values())
        .flatMap(step -> Arrays.stream(MetaFaults.values()).map(fault -> Arguments.of(step, fault)));
  }

  @ParameterizedTest(name = "{0} when Meta answers {1}")
  @MethodSource("everyStepAgainstEveryFault")
  void metaReceivesTheStepOnce_andTheWorkflowGetsTheRightTypedOutcome(Step step, MetaFaults fault) {
    for (Step other : Step.values()) {
      meta.stubFor(other.request().willReturn(okJson(other.successBody)));
    }
    meta.stubFor(step.request().atPriority(1).willReturn(fault.instead(step.successBody)));

    Instant before = Instant.now();
    Outcome outcome = take(step);
    Instant after = Instant.now();

    // no double request: the client sent the step once, whatever came back
    meta.verify(exactly(1), step.received());
    if (step == Step.PRE_ACCEPT) {
      meta.verify(exactly(0), Step.ACCEPT.received());
    }
    if (step == Step.ACCEPT) {
      meta.verify(exactly(1), Step.PRE_ACCEPT.received());
    }
    assertThat(meta.findAllUnmatchedRequests()).isEmpty();

    // the right typed outcome
    assertThat(outcome.failureType()).isEqualTo(fault.failureType);
    CloudApiErrorDetails details = outcome.details();
    assertThat(details).isNotNull();
    assertThat(details.category()).isEqualTo(fault.category);
    assertThat(details.httpStatus()).isEqualTo(fault.httpStatus);
    assertThat(details.graphCode()).isEqualTo(fault.graphCode);
    assertThat(details.ambiguous()).as("may the request have reached Meta").isEqualTo(fault.ambiguous);
    if (fault.retryAtPresent) {
      assertThat(details.retryAt()).isBetween(before.plus(MetaFaults.RETRY_AFTER).minusSeconds(1),
          after.plus(MetaFaults.RETRY_AFTER).plusSeconds(1));
    } else {
      assertThat(details.retryAt()).isNull();
    }
    if (outcome.nonRetryable() != null) {
      assertThat(outcome.nonRetryable()).as("Temporal must not retry it").isEqualTo(mustNotRetry(step, fault));
    }
  }

  /**
   * Whether a retry by Temporal is forbidden. A limit is never retried blindly (the workflow waits
   * for {@code retryAt}); the permission request, like connect, is never repeated once it may have
   * reached Meta (issue 10, bug 2); connect is retryable as a failure but its workflow stub runs it
   * once; reject and terminate are repeatable.
   */
  static boolean mustNotRetry(Step step, MetaFaults fault) {
    if (fault.category.equals("THROTTLED")) {
      return true;
    }
    return step == Step.PERMISSION_REQUEST && fault.ambiguous;
  }

  private Outcome take(Step step) {
    return switch (step) {
      case CONNECT -> failure(() -> calls.place(new PlaceCall(PHONE, CUSTOMER, SDP, "outbound-call:fault", null)));
      case PRE_ACCEPT, ACCEPT -> {
        AnswerOutcome answer = calls.answer(new AnswerCall(PHONE, "wacid.FAULT", SDP, "inbound-call:fault", null));
        AnswerOutcome.Step failedStep = step == Step.PRE_ACCEPT ? AnswerOutcome.Step.PRE_ACCEPT
            : AnswerOutcome.Step.ACCEPT;
        assertThat(answer.failedStep()).isEqualTo(failedStep);
        assertThat(answer.ambiguous()).isEqualTo(answer.error().ambiguous());
        // the message starts with the failure type, as the Temporal failure's would
        String type = answer.message().substring(0, answer.message().indexOf(':'));
        yield new Outcome(type, answer.error(), null);
      }
      case REJECT -> failure(() -> calls.reject(PHONE, "wacid.FAULT"));
      case TERMINATE -> failure(() -> calls.terminate(PHONE, "wacid.FAULT"));
      case PERMISSION_REQUEST -> failure(() -> permissions.sendPermissionRequest(
          new SendPermissionRequest(PHONE, CUSTOMER, "May we call you?", null, null)));
    };
  }

  private static Outcome failure(Runnable step) {
    ActivityFailure failure = catchThrowableOfType(step::run, ActivityFailure.class);
    assertThat(failure).as("the step fails").isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    return new Outcome(cause.getType(), cause.getDetails().get(0, CloudApiErrorDetails.class),
        cause.isNonRetryable());
  }
}
