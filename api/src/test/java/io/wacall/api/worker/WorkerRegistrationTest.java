package io.wacall.api.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.spring.boot.autoconfigure.template.WorkersTemplate;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.workflows.call.CallCloudApiActivities;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.CallRecordActivities;
import io.wacall.workflows.call.legacy.LegacyCallActivities;
import io.wacall.workflows.permission.PermissionActivities;
import java.util.List;
import io.wacall.workflows.reconciliation.ReconciliationActivities;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The worker as application.yml builds it (profile {@code worker}): every activity type the call
 * workflows of either shape and CallPermission call is registered on the task queue, each exactly
 * once.
 */
class WorkerRegistrationTest extends ApiHttpTest {
  @Autowired WorkersTemplate workers;
  @Autowired TemporalProperties temporal;

  @Test
  void everyActivityTypeOfTheWorkflowsIsRegisteredExactlyOnce() {
    List<String> registered = workers.getRegisteredInfo().get(temporal.taskQueue()).getRegisteredActivityInfo().stream()
        .flatMap(bean -> bean.getMetadata().getActivityMethods().stream())
        .map(POJOActivityMethodMetadata::getActivityTypeName)
        .toList();

    List<String> expected = List.of(CallDirectoryActivities.class, CallCloudApiActivities.class,
            CallRecordActivities.class, LegacyCallActivities.class, PermissionActivities.class, ReconciliationActivities.class).stream()
        .flatMap(type -> POJOActivityInterfaceMetadata.newInstance(type).getMethodsMetadata().stream())
        .map(POJOActivityMethodMetadata::getActivityTypeName)
        .toList();
    assertThat(expected).doesNotHaveDuplicates()
        .contains("LoadRouting", "CheckOutbound", "AnswerCall", "PlaceCall", "RejectCall", "TerminateCall",
            "RingAgent", "SaveCall", "CloseCall", "NotifyAgent", "StopRinging", "PreAcceptCall", "AcceptCall", "ReconcileLedgerDay",
            "ConnectCall", "RecordCall", "LogConversationEvent", "NotifyPermission", "RecordCallCharge");
    assertThat(registered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }
}
