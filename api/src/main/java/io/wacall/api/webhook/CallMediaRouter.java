package io.wacall.api.webhook;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.workflows.media.CallMediaInput;
import io.wacall.workflows.media.CallMediaWorkflow;
import io.wacall.workflows.media.MediaKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Routes {@code call_recording_available} and {@code call_transcription_available} webhooks: starts
 * the call's CallMedia workflow for that kind (ID {@link CallMediaWorkflow#workflowId}), which
 * fetches and stores the file whether the call's own workflow is still open or long closed. A second
 * delivery finds the run already there (running or completed) and is IGNORED as a duplicate; after
 * a failed run (Meta or the store down for days) a requeued event starts a new one.
 */
@Component
public class CallMediaRouter implements WebhookEventRouter<CallMediaEvent> {
  private static final Logger log = LoggerFactory.getLogger(CallMediaRouter.class);

  private final WorkflowClient client;
  private final String taskQueue;
  /** Meta's voicemail is alpha, for early partners: kept only when this is on (docs/meta-cloud-api.md#voicemail). */
  private final boolean voicemail;

  public CallMediaRouter(WorkflowClient client, TemporalProperties temporal,
      @Value("${wacall.voicemail.enabled:false}") boolean voicemail) {
    this.client = client;
    this.taskQueue = temporal.taskQueue();
    this.voicemail = voicemail;
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.CALL_MEDIA;
  }

  @Override
  public RouteResult route(CallMediaEvent event) {
    if (event.phoneNumberId() == null) {
      throw new UnroutableEventException("call media event without metadata.phone_number_id");
    }
    if (event.mediaKind() == MediaKind.VOICEMAIL && !voicemail) {
      return RouteResult.ignored("voicemail is off (wacall.voicemail.enabled)");
    }
    String id = CallMediaWorkflow.workflowId(event.mediaKind(), event.callId());
    CallMediaWorkflow workflow = client.newWorkflowStub(CallMediaWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build());
    try {
      WorkflowClient.start(workflow::fetch, new CallMediaInput(event.phoneNumberId(), event.callId(),
          event.mediaKind(), event.mediaId(), event.sha256(), event.mimeType(), event.timestamp()));
    } catch (WorkflowExecutionAlreadyStarted duplicate) {
      return RouteResult.ignored("duplicate: " + id + " already runs or has stored it");
    }
    log.info("{} of call {} routed to {}", event.mediaKind(), event.callId(), id);
    return RouteResult.dispatched();
  }
}
