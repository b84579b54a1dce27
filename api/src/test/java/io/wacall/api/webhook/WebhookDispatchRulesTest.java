package io.wacall.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.temporal.client.WorkflowServiceException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.wacall.api.webhook.DispatchFailures.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The small rules the dispatcher runs on: backoff, what counts as an outage, log masking. */
class WebhookDispatchRulesTest {

  @Test
  void backoffStartsAtTheInitialWait_doublesAfterEachFailure_andStopsAtTheCap() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delayAfter(9)).isEqualTo(Duration.ofSeconds(256));
    assertThat(backoff.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.delayAfter(10_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void backoffRefusesACapBelowTheInitialWait() {
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofMinutes(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void temporalUnreachableOrOverloaded_isAnOutage_soTheEventWaitsAndTheBatchStops() {
    for (Status status : new Status[] {Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED, Status.RESOURCE_EXHAUSTED}) {
      assertThat(DispatchFailures.classify(serviceFailure(status))).as(status.getCode().name())
          .isEqualTo(Kind.UNAVAILABLE);
    }
  }

  @Test
  void anArgumentTemporalRefuses_orDataThatCannotBeRouted_failsTheEventForGood() {
    assertThat(DispatchFailures.classify(serviceFailure(Status.INVALID_ARGUMENT))).isEqualTo(Kind.PERMANENT);
    assertThat(DispatchFailures.classify(new UnroutableEventException("no wa_id"))).isEqualTo(Kind.PERMANENT);
    assertThat(DispatchFailures.classify(new IllegalArgumentException("waId must contain no ':'")))
        .isEqualTo(Kind.PERMANENT);
  }

  @Test
  void anyOtherFailure_isRetriedWithBackoff() {
    assertThat(DispatchFailures.classify(serviceFailure(Status.INTERNAL))).isEqualTo(Kind.TRANSIENT);
    assertThat(DispatchFailures.classify(new IllegalStateException("pool closed"))).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void aFailureIsDescribedWithItsRootCause() {
    String text = DispatchFailures.describe(serviceFailure(Status.UNAVAILABLE.withDescription("io exception")));

    assertThat(text).startsWith("WorkflowServiceException").contains("[gRPC UNAVAILABLE: io exception]");
  }

  @Test
  void customerNumbersInLogs_showOnlyTheLastFourDigits() {
    assertThat(PhoneMask.mask("16315551181")).isEqualTo("*******1181").doesNotContain("163155");
    assertThat(PhoneMask.mask("971501234567")).endsWith("4567").doesNotContain("97150");
    assertThat(PhoneMask.mask("123")).isEqualTo("****");
    assertThat(PhoneMask.mask(null)).isEqualTo("(none)");
  }

  /** What the Temporal client throws when an RPC fails for good (after its own retries). */
  private static WorkflowServiceException serviceFailure(Status status) {
    return new WorkflowServiceException(WorkflowExecution.newBuilder().setWorkflowId("permission:1:2").build(),
        "CallPermission", status.asRuntimeException());
  }
}
