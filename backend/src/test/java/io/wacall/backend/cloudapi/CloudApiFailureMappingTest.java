package io.wacall.backend.cloudapi;

import io.wacall.workflows.common.CloudApiErrorDetails;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.wacall.contract.failure.FailureTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a GraphApiException becomes the ApplicationFailure a workflow sees. */
class CloudApiFailureMappingTest {
  private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

  /** What a workflow can declare on its side without seeing the backend module. */
  record WorkflowSideDetails(
      String category, int httpStatus, Integer graphCode, Integer graphSubcode,
      Instant retryAt, boolean ambiguous, String fbtraceId) {}

  private static GraphApiException error(CloudApiErrorCategory category, Integer code, int httpStatus) {
    return new GraphApiException("Cloud API connect failed: HTTP " + httpStatus, httpStatus,
        new GraphError(code, null, "OAuthException", "boom", null, "trace-1"),
        category, httpStatus >= 500, null, null);
  }

  static Stream<Arguments> categories() {
    return Stream.of(
        Arguments.of(CloudApiErrorCategory.THROTTLED, 138009, 400, FailureTypes.CLOUD_API_THROTTLED, true),
        Arguments.of(CloudApiErrorCategory.THROTTLED, 138012, 400, FailureTypes.CLOUD_API_THROTTLED, true),
        Arguments.of(CloudApiErrorCategory.THROTTLED, 138005, 429, FailureTypes.CLOUD_API_THROTTLED, true),
        Arguments.of(CloudApiErrorCategory.THROTTLED, 613, 429, FailureTypes.CLOUD_API_THROTTLED, false),
        Arguments.of(CloudApiErrorCategory.ALREADY_GRANTED, 138017, 400, FailureTypes.CLOUD_API_ALREADY_GRANTED, true),
        Arguments.of(CloudApiErrorCategory.NO_PERMISSION, 138006, 401, FailureTypes.CLOUD_API_NO_PERMISSION, true),
        Arguments.of(CloudApiErrorCategory.RECIPIENT_UNSUPPORTED, 131026, 400,
            FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED, true),
        Arguments.of(CloudApiErrorCategory.CALLING_UNAVAILABLE, 138000, 401,
            FailureTypes.CLOUD_API_CALLING_UNAVAILABLE, true),
        Arguments.of(CloudApiErrorCategory.CALL_IN_PROGRESS, 138003, 400, "CloudApiCallInProgress", true),
        Arguments.of(CloudApiErrorCategory.REJECTED, 100, 400, FailureTypes.CLOUD_API_REJECTED, true),
        Arguments.of(CloudApiErrorCategory.TRANSIENT, 138004, 500, FailureTypes.CLOUD_API_TRANSIENT, false),
        Arguments.of(CloudApiErrorCategory.TRANSIENT, null, 0, FailureTypes.CLOUD_API_TRANSIENT, false));
  }

  @ParameterizedTest(name = "{0} (code {1}) becomes {3}, nonRetryable={4}")
  @MethodSource("categories")
  void eachCategoryBecomesItsFailureTypeAndOnlyTransientAnd613AreRetried(
      CloudApiErrorCategory category, Integer code, int httpStatus, String type, boolean nonRetryable) {
    ApplicationFailure failure = error(category, code, httpStatus).toApplicationFailure();

    assertThat(failure.getType()).isEqualTo(type);
    assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
    assertThat(failure.getOriginalMessage()).isEqualTo("Cloud API connect failed: HTTP " + httpStatus);
  }

  @Test
  void everyCategoryHasAFailureType() {
    for (CloudApiErrorCategory category : CloudApiErrorCategory.values()) {
      assertThat(category.failureType()).as(category.name()).isNotBlank();
    }
  }

  @Test
  void theDetailsSurviveTemporalsConversionIntoAWorkflowSideRecord() {
    Instant retryAt = Instant.parse("2026-07-02T08:30:00Z");
    GraphApiException error = new GraphApiException("Cloud API connect failed: HTTP 400", 400,
        new GraphError(138012, 2494099, "OAuthException", "cap", "next at 2026-07-02T08:30:00Z", "trace-9"),
        CloudApiErrorCategory.THROTTLED, false, retryAt, null);
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;

    ApplicationFailure received = (ApplicationFailure)
        converter.failureToException(converter.exceptionToFailure(error.toApplicationFailure()));

    assertThat(received.getType()).isEqualTo(FailureTypes.CLOUD_API_THROTTLED);
    assertThat(received.isNonRetryable()).isTrue();
    assertThat(received.getDetails().get(WorkflowSideDetails.class)).isEqualTo(
        new WorkflowSideDetails("THROTTLED", 400, 138012, 2494099, retryAt, false, "trace-9"));
    assertThat(received.getDetails().get(CloudApiErrorDetails.class)).isEqualTo(error.errorDetails());
  }

  @Test
  void anAmbiguousTimeoutSaysSoInItsDetails() {
    GraphApiException timeout = new GraphApiException("Cloud API connect failed after the request may have been sent",
        0, null, CloudApiErrorCategory.TRANSIENT, true, null, null);
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;

    ApplicationFailure received = (ApplicationFailure)
        converter.failureToException(converter.exceptionToFailure(timeout.toApplicationFailure()));

    assertThat(received.isNonRetryable()).isFalse();
    assertThat(received.getDetails().get(CloudApiErrorDetails.class)).isEqualTo(new CloudApiErrorDetails(
        "TRANSIENT", 0, null, null, null, true, null));
  }

  @Test
  void aRateLimitedLookupWithARetryTimeAsksTemporalToWaitUntilThen() {
    GraphApiException limited = new GraphApiException("Cloud API getCallPermission failed: HTTP 429", 429,
        new GraphError(613, null, null, null, null, null),
        CloudApiErrorCategory.THROTTLED, false, NOW.plusSeconds(2), null);

    ApplicationFailure failure = limited.toApplicationFailure(Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aNonRetryableThrottleLeavesTheWaitToTheWorkflow() {
    GraphApiException capped = new GraphApiException("Cloud API connect failed: HTTP 400", 400,
        new GraphError(138012, null, null, null, null, null),
        CloudApiErrorCategory.THROTTLED, false, NOW.plusSeconds(3600), null);

    ApplicationFailure failure = capped.toApplicationFailure(Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getNextRetryDelay()).isNull();
    assertThat(failure.getDetails().get(CloudApiErrorDetails.class).retryAt()).isEqualTo(NOW.plusSeconds(3600));
  }
}
