package io.wacall.backend.temporal;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.settings.CallingSettingsChange;
import io.wacall.contract.settings.CallingSettingsInput;
import io.wacall.contract.settings.CallingSettingsWorkflow;
import org.springframework.stereotype.Component;

/**
 * Tells a number's CallingSettings workflow that its wanted settings changed: signal-with-start of
 * {@code desiredChanged}, so the number's one run is started by its first change and joined after.
 */
@Component
public class CallingSettingsWorkflows {
  private final WorkflowClient client;
  private final String taskQueue;

  public CallingSettingsWorkflows(WorkflowClient client, TemporalProperties temporal) {
    this.client = client;
    this.taskQueue = temporal.taskQueue();
  }

  /** The stored wanted settings of the number are now at {@code revision}: have them pushed. */
  public void changed(String phoneNumberId, long revision) {
    CallingSettingsWorkflow stub = client.newWorkflowStub(CallingSettingsWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.callingSettings(phoneNumberId))
        .setTaskQueue(taskQueue)
        .setStaticSummary("Calling settings of business number " + phoneNumberId)
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, CallingSettingsInput.fresh(phoneNumberId));
    request.add(stub::desiredChanged, new CallingSettingsChange(revision));
    client.signalWithStart(request);
  }
}
