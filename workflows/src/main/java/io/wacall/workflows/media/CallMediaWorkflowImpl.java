package io.wacall.workflows.media;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * {@link CallMediaWorkflow}: store, then record. Two activities, three billable actions with the
 * start (ActionBudgetCallMediaTest). Meta keeps the media 7 days from its webhook; the store step
 * gives up after {@link #STORE_WITHIN}, well inside that, and the run then fails, visible to an
 * operator, who can requeue the webhook event while Meta still has the file.
 */
public class CallMediaWorkflowImpl implements CallMediaWorkflow {
  /** How long the store step keeps trying (a store or Meta outage): two days of Meta's seven. */
  static final Duration STORE_WITHIN = Duration.ofDays(2);

  private final CallMediaActivities store = Workflow.newActivityStub(CallMediaActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setScheduleToCloseTimeout(STORE_WITHIN)
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(5))
              .setMaximumInterval(Duration.ofMinutes(10))
              .setDoNotRetry(CallMediaActivities.MEDIA_GONE)
              .build())
          .build());

  private final CallMediaActivities records = Workflow.newActivityStub(CallMediaActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofDays(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(5)).build())
          .build());

  @Override
  public StoredMedia fetch(CallMediaInput input) {
    StoredMedia stored = store.store(input);
    records.record(input, stored);
    return stored;
  }
}
