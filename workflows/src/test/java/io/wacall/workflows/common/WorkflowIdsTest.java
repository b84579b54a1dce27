package io.wacall.workflows.common;

import io.wacall.contract.WorkflowIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkflowIdsTest {
  @Test
  void idsFollowTheContract() {
    assertThat(WorkflowIds.permission("1065", "5511")).isEqualTo("permission:1065:5511");
    assertThat(WorkflowIds.inboundCall("wacid.HBgL")).isEqualTo("inbound-call:wacid.HBgL");
    assertThat(WorkflowIds.outboundCall("req-1")).isEqualTo("outbound-call:req-1");
  }

  @Test
  void anIdPartWithAColonOrBlankIsRefused() {
    assertThatThrownBy(() -> WorkflowIds.permission("10:65", "5511")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkflowIds.permission("1065", " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkflowIds.outboundCall("crm:42")).isInstanceOf(IllegalArgumentException.class);
  }
}
