package io.wacall.workflows.media;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Fetches one recording or transcript Meta made of a call and keeps it in wacall's object store. One
 * run per call and kind, ID {@link #workflowId}, started by the webhook adapter when Meta says the
 * media is available; it lives on its own, so it works the same whether the call's workflow is
 * still in wrap-up or long closed (docs/meta-cloud-api.md#call-recording).
 */
@WorkflowInterface
public interface CallMediaWorkflow {
  String WORKFLOW_TYPE = "CallMedia";
  String ID_PREFIX = "call-media:";

  @WorkflowMethod(name = WORKFLOW_TYPE)
  StoredMedia fetch(CallMediaInput input);

  /** {@code call-media:{recording|transcript}:{wacid}}: a second webhook for the same media finds the first run. */
  static String workflowId(MediaKind kind, String wacid) {
    return ID_PREFIX + kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + wacid;
  }
}
