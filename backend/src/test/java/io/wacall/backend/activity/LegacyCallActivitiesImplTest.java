package io.wacall.backend.activity;

import static io.wacall.backend.activity.CallStores.CUSTOMER;
import static io.wacall.backend.activity.CallStores.PHONE;
import static io.wacall.backend.activity.CallStores.T;
import static io.wacall.backend.activity.CallStores.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.CloudApiProperties;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.billing.BillingFailureTypes;
import io.wacall.workflows.call.RingNotification;
import io.wacall.workflows.call.legacy.CallChargeRequest;
import io.wacall.workflows.call.legacy.LegacyCallActivities;
import java.math.BigDecimal;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The activity types only runs of the legacy shape use, as such a run sees them: the ringing rows
 * by NotifyAgent and StopRinging (RecordCall leaves them alone), the ledger row by RecordCallCharge,
 * written straight to the ledger with the ledger's failures as non-retryable types.
 */
class LegacyCallActivitiesImplTest {
  CallStores stores;
  TestActivityEnvironment temporal;
  LegacyCallActivities activities;

  @BeforeEach
  void setUp() {
    stores = new CallStores();
    CallEndings endings = new CallEndings(stores.conversations, stores.calls, null, stores.ledger(),
        WacallMetrics.noop(), Clock.systemUTC());
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(new LegacyCallActivitiesImpl(
        new CloudApiClient(CloudApiProperties.of("http://127.0.0.1:9", "token")), new AgentRinger(stores.ringing),
        stores.ringing, stores.calls, endings, Clock.systemUTC()));
    activities = temporal.newActivityStub(LegacyCallActivities.class);
  }

  @AfterEach
  void tearDown() {
    temporal.close();
  }

  @Test
  void notifyAgentAndStopRingingWriteTheRows_recordCallWritesTheSnapshotAlone() {
    String id = "inbound-call:legacy";
    activities.notifyAgent(new RingNotification(id, "a-1", AgentChannel.WEB_APP, PHONE, CUSTOMER, T, T.plusSeconds(20)));
    activities.notifyAgent(new RingNotification(id, "a-2", AgentChannel.WEB_APP, PHONE, CUSTOMER, T, T.plusSeconds(20)));
    activities.recordCall(inbound(id, 3, CallStatus.CONNECTED, null));
    assertThat(stores.ringingAgents(id)).containsExactly("a-1", "a-2");
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(3L);

    activities.stopRinging(id, "a-1");
    assertThat(stores.ringingAgents(id)).containsExactly("a-2");
    activities.stopRinging(id, null);
    assertThat(stores.ringingAgents(id)).isEmpty();
  }

  @Test
  void recordCallChargeWritesOneRow_andARetryWritesNoOther() {
    CallChargeRequest charge = new CallChargeRequest("outbound-call:legacy-1", "wacid.L1",
        CallDirection.BUSINESS_INITIATED, PHONE, "5215512345678", 56, T);

    activities.recordCharge(charge);
    activities.recordCharge(charge);

    assertThat(stores.ledgerRows("outbound-call:legacy-1")).isEqualTo(1);
    assertThat(stores.jdbc.sql("SELECT amount FROM billing_charges WHERE call_id = :id")
        .param("id", "outbound-call:legacy-1").query(BigDecimal.class).single()).isEqualByComparingTo("0.0094");
  }

  @Test
  void differentFiguresForACallFailNonRetryablyAsAChargeConflict() {
    activities.recordCharge(new CallChargeRequest("outbound-call:legacy-2", "wacid.L2",
        CallDirection.BUSINESS_INITIATED, PHONE, "+52 55 1234 5678", 56, T));

    ActivityFailure failure = catchThrowableOfType(() -> activities.recordCharge(new CallChargeRequest(
        "outbound-call:legacy-2", "wacid.L2", CallDirection.BUSINESS_INITIATED, PHONE, "+52 55 1234 5678", 90, T)),
        ActivityFailure.class);

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(BillingFailureTypes.CHARGE_CONFLICT);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).contains("connectedSeconds stored 56, now 90");
  }

  @Test
  void aNotCallableMarketFailsNonRetryablyWithItsType() {
    ActivityFailure failure = catchThrowableOfType(() -> activities.recordCharge(new CallChargeRequest(
        "outbound-call:legacy-3", "wacid.L3", CallDirection.BUSINESS_INITIATED, PHONE, "+90 501 234 56 78", 30, T)),
        ActivityFailure.class);

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(BillingFailureTypes.MARKET_NOT_CALLABLE);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(stores.ledgerRows("outbound-call:legacy-3")).isZero();
  }
}
