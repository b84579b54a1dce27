package io.wacall.api.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The starters set a call's fixed search attributes in the start options (the workflow need not
 * upsert them), and never the customer's number. No worker polls the queue here: what the server
 * holds is exactly what the start set.
 */
class CallWorkflowsTest {
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";

  TestWorkflowEnvironment env;
  WorkflowClient client;
  CallWorkflows workflows;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    WacallSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    client = env.getWorkflowClient();
    workflows = new CallWorkflows(client, new TemporalProperties("calls-not-polled"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void anInboundCallStartsWithItsBusinessNumberAndDirection() {
    workflows.signalInbound(PHONE, CallWebhookEvent.connect("wacid.SA1", Instant.now(), "v=0\r\n", CUSTOMER,
        "5511955550123", "USER_INITIATED"));

    SearchAttributes attributes = client.newUntypedWorkflowStub(WorkflowIds.inboundCall("wacid.SA1")).describe()
        .getTypedSearchAttributes();
    assertThat(attributes.get(WacallSearchAttributes.PHONE_NUMBER_ID)).isEqualTo(PHONE);
    assertThat(attributes.get(WacallSearchAttributes.CALL_DIRECTION)).isEqualTo("USER_INITIATED");
    assertThat(attributes.size()).isEqualTo(2);
  }

  @Test
  void anOutboundCallStartsWithItsBusinessNumberDirectionAndAgent() {
    OutboundCallInput input = new OutboundCallInput("sa-2", PHONE, CUSTOMER, "a-7", "v=0\r\n", null);
    OutboundCallWorkflow stub = workflows.startingOutbound(input);
    WorkflowClient.start(stub::run, input);

    SearchAttributes attributes = client.newUntypedWorkflowStub(WorkflowIds.outboundCall("sa-2")).describe()
        .getTypedSearchAttributes();
    assertThat(attributes.get(WacallSearchAttributes.PHONE_NUMBER_ID)).isEqualTo(PHONE);
    assertThat(attributes.get(WacallSearchAttributes.CALL_DIRECTION)).isEqualTo("BUSINESS_INITIATED");
    assertThat(attributes.get(WacallSearchAttributes.AGENT_ID)).isEqualTo("a-7");
    assertThat(attributes.size()).isEqualTo(3);
  }
}
