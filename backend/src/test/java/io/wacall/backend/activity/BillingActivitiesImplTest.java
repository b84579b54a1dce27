package io.wacall.backend.activity;

import io.wacall.backend.billing.ChargeLedger;
import io.wacall.backend.billing.RateCardRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.billing.BillingActivities;
import io.wacall.workflows.billing.BillingFailureTypes;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.ChargeRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** RecordCharge as a workflow sees it: through Temporal's data converter and failure mapping. */
class BillingActivitiesImplTest {
  private static final Instant CONNECTED = Instant.parse("2026-05-10T12:00:00Z");

  private TestActivityEnvironment temporal;
  private BillingActivities activities;

  @BeforeEach
  void setUp() {
    DataSource db = TestDatabase.newDatabase();
    var transactions = new DataSourceTransactionManager(db);
    var ledger = new ChargeLedger(db, transactions, new RateCardRepository(db, transactions), ZoneOffset.UTC,
        Clock.systemUTC());
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(new BillingActivitiesImpl(ledger));
    activities = temporal.newActivityStub(BillingActivities.class);
  }

  @AfterEach
  void tearDown() {
    temporal.close();
  }

  @Test
  void recordChargeReturnsTheStoredRow_andARetryReturnsItAgain() {
    ChargeRequest request = new ChargeRequest("wacid.t1", CallDirection.BUSINESS_INITIATED, "1065",
        "5215512345678", CONNECTED, 56);
    ChargeRecord first = activities.recordCharge(request);
    assertThat(first.pulses()).isEqualTo(10);
    assertThat(first.amount()).isEqualByComparingTo("0.0094");
    assertThat(activities.recordCharge(request)).isEqualTo(first);
  }

  @Test
  void differentFiguresForACallFailNonRetryablyAsAChargeConflict() {
    activities.recordCharge(new ChargeRequest("wacid.t2", CallDirection.BUSINESS_INITIATED, "1065",
        "+52 55 1234 5678", CONNECTED, 56));
    ActivityFailure failure = catchThrowableOfType(() -> activities.recordCharge(new ChargeRequest("wacid.t2",
        CallDirection.BUSINESS_INITIATED, "1065", "+52 55 1234 5678", CONNECTED, 90)), ActivityFailure.class);

    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(BillingFailureTypes.CHARGE_CONFLICT);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).contains("connectedSeconds stored 56, now 90");
  }

  @Test
  void aNotCallableMarketFailsNonRetryablyWithItsType() {
    ActivityFailure failure = catchThrowableOfType(() -> activities.recordCharge(new ChargeRequest("wacid.t3",
        CallDirection.BUSINESS_INITIATED, "1065", "+90 501 234 56 78", CONNECTED, 30)), ActivityFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(BillingFailureTypes.MARKET_NOT_CALLABLE);
    assertThat(cause.isNonRetryable()).isTrue();
  }
}
