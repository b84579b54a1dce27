package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.workflows.call.OutboundRules.ConnectFailure;
import io.wacall.workflows.call.OutboundRules.ConnectFailureKind;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a failed connect means and how a business-initiated call ended (docs/meta-cloud-api.md#call-permissions, #error-codes). */
class OutboundRulesTest {
  static final Instant RETRY_AT = Instant.parse("2026-03-03T09:00:00Z");

  @Test
  void theChecksRefuseInOrderCountryThenMarketThenPermission() {
    assertThat(OutboundRules.checkRefusal(new OutboundCheck(false, false, "US", null, null, false, "NONE")).code())
        .isEqualTo("CALLING_NOT_AVAILABLE");
    assertThat(OutboundRules.checkRefusal(new OutboundCheck(true, false, "KP", null, null, false, "NONE")).code())
        .isEqualTo("DESTINATION_NOT_CALLABLE");
    assertThat(OutboundRules.checkRefusal(new OutboundCheck(true, true, "BR", "Brazil", null, false, "EXPIRED")))
        .satisfies(r -> {
          assertThat(r.code()).isEqualTo("PERMISSION_REQUIRED");
          assertThat(r.failureType()).isEqualTo(FailureTypes.PERMISSION_REQUIRED);
          assertThat(r.message()).contains("EXPIRED");
        });
    assertThat(OutboundRules.checkRefusal(new OutboundCheck(true, true, "BR", "Brazil", null, true, "PERMANENT")))
        .isNull();
  }

  @Test
  void metasNoPermissionCodeMeansPermissionRequired() {
    ConnectFailure failure = classify(FailureTypes.CLOUD_API_NO_PERMISSION, 401, 138006, null, false);
    assertThat(failure.kind()).isEqualTo(ConnectFailureKind.REFUSED);
    assertThat(failure.refusal().failureType()).isEqualTo(FailureTypes.PERMISSION_REQUIRED);
  }

  @Test
  void everyLimitCodeMeansRateLimitedAndKeepsMetasRetryTime() {
    for (int code : new int[] {138005, 138012, 138009, 138002, 613}) {
      ConnectFailure failure = classify(FailureTypes.CLOUD_API_THROTTLED, 400, code, RETRY_AT, false);
      assertThat(failure.refusal().code()).as("code %d", code).isEqualTo("RATE_LIMITED");
      assertThat(failure.refusal().retryAt()).isEqualTo(RETRY_AT);
    }
  }

  @Test
  void metasCountryAndReceiverRefusalsMapToTheApiCodes() {
    assertThat(classify(FailureTypes.CLOUD_API_CALLING_UNAVAILABLE, 400, 138013, null, false).refusal().code())
        .isEqualTo("CALLING_NOT_AVAILABLE");
    assertThat(classify(FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED, 400, 138001, null, false).refusal().code())
        .isEqualTo("DESTINATION_NOT_CALLABLE");
    assertThat(classify(FailureTypes.CLOUD_API_CALL_IN_PROGRESS, 400, 138003, null, false).refusal().code())
        .isEqualTo("CALL_IN_PROGRESS");
    assertThat(classify(FailureTypes.CLOUD_API_REJECTED, 400, 100, null, false).refusal().code())
        .isEqualTo("CALL_FAILED");
  }

  @Test
  void aConnectThatMayHaveReachedMetaIsAmbiguousAndNeverRetried() {
    assertThat(classify(FailureTypes.CLOUD_API_TRANSIENT, 0, null, null, true).kind())
        .isEqualTo(ConnectFailureKind.AMBIGUOUS);
    assertThat(classify(FailureTypes.CLOUD_API_TRANSIENT, 500, 138004, null, true).kind())
        .isEqualTo(ConnectFailureKind.AMBIGUOUS);
    // an activity timeout or a worker crash carries no Cloud API details: the request may have gone out
    assertThat(OutboundRules.classifyConnectFailure(null, null, "StartToClose timeout").kind())
        .isEqualTo(ConnectFailureKind.AMBIGUOUS);
  }

  @Test
  void aConnectThatSurelyFailedBeforeReachingMetaMayBeRetried() {
    assertThat(classify(FailureTypes.CLOUD_API_TRANSIENT, 0, null, null, false).kind())
        .isEqualTo(ConnectFailureKind.RETRY);
  }

  @Test
  void outcomesFollowMetasFacts() {
    assertThat(OutboundRules.outcome(true, false, false, false)).isEqualTo(CallOutcome.COMPLETED);
    assertThat(OutboundRules.outcome(true, false, true, false)).isEqualTo(CallOutcome.FAILED);
    assertThat(OutboundRules.outcome(false, true, false, false)).isEqualTo(CallOutcome.REJECTED);
    assertThat(OutboundRules.outcome(false, false, true, false)).isEqualTo(CallOutcome.FAILED);
    assertThat(OutboundRules.outcome(false, false, false, false)).isEqualTo(CallOutcome.NOT_ANSWERED);
    assertThat(OutboundRules.outcome(false, false, false, true)).isEqualTo(CallOutcome.CANCELED);
    assertThat(OutboundRules.outcome(true, false, false, true)).as("answered, then hung up")
        .isEqualTo(CallOutcome.COMPLETED);
    assertThat(OutboundRules.outcome(false, true, false, true)).as("rejected before the hang-up")
        .isEqualTo(CallOutcome.REJECTED);
    assertThat(OutboundRules.countsAsUnanswered(CallOutcome.CANCELED)).isFalse();
  }

  @Test
  void rejectedAndRangOutCallsCountAsUnansweredForThePermission() {
    assertThat(OutboundRules.countsAsUnanswered(CallOutcome.REJECTED)).isTrue();
    assertThat(OutboundRules.countsAsUnanswered(CallOutcome.NOT_ANSWERED)).isTrue();
    assertThat(OutboundRules.countsAsUnanswered(CallOutcome.FAILED)).isFalse();
    assertThat(OutboundRules.countsAsUnanswered(CallOutcome.COMPLETED)).isFalse();
  }

  private static ConnectFailure classify(String type, int http, Integer code, Instant retryAt, boolean ambiguous) {
    return OutboundRules.classifyConnectFailure(type,
        new CloudApiErrorDetails(type, http, code, null, retryAt, ambiguous, "trace"), "message");
  }
}
