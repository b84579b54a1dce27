package io.wacall.backend.store;

import io.wacall.backend.activity.PermissionActivitiesImpl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.permission.PermissionActivities.RecordedPermission;
import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.contract.permission.signal.RequestDeliveryStatus.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The read model on a real PostgreSQL, migrated by the project's Flyway scripts. */
class PermissionReadModelTest {
  static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  PermissionReadModel model;
  JdbcClient jdbc;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(TestDatabase.newDatabase());
    model = new PermissionReadModel(jdbc, JSON);
  }

  @Test
  void aSnapshotIsStoredAndReadBackWithItsRequestLog() {
    PendingRequest pending = new PendingRequest("wamid.1", T, T.plus(Duration.ofDays(7)), DeliveryStatus.SENT, PermissionStatus.NONE);
    assertThat(model.record(view("551100", PermissionStatus.PENDING, 2, pending, List.of(T)), "run-1")).isTrue();

    PermissionReadModel.PermissionRow row = model.find("pn-1", "551100").orElseThrow();
    assertThat(row.status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(row.requestLog()).containsExactly(T);
    assertThat(row.nextRequestAllowedAt()).isEqualTo(T.plus(Duration.ofHours(24)));
    assertThat(row.pendingRequestId()).isEqualTo("wamid.1");
    assertThat(jdbc.sql("SELECT wa_id FROM permission_requests WHERE message_id = 'wamid.1'").query(String.class).single())
        .isEqualTo("551100");
  }

  @Test
  void aRequestSentUnconfirmedIsStoredPendingWithoutAMessageId_andARequestRowOnceConfirmed() {
    // the send's answer was lost (issue 10, bug 2): pending, no message id yet
    PendingRequest unconfirmed = new PendingRequest(null, T, T.plus(Duration.ofDays(7)), DeliveryStatus.SENT, PermissionStatus.NONE);
    assertThat(model.record(view("551110", PermissionStatus.PENDING, 2, unconfirmed, List.of(T)), "run-1")).isTrue();
    PermissionReadModel.PermissionRow row = model.find("pn-1", "551110").orElseThrow();
    assertThat(row.status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(row.pendingRequestId()).isNull();
    assertThat(row.pendingRequestExpiresAt()).isEqualTo(T.plus(Duration.ofDays(7)));
    assertThat(jdbc.sql("SELECT count(*) FROM permission_requests WHERE wa_id = '551110'").query(Long.class).single())
        .isZero();

    PendingRequest confirmed = new PendingRequest("wamid.lost", T, T.plus(Duration.ofDays(7)), DeliveryStatus.DELIVERED, PermissionStatus.NONE);
    model.record(view("551110", PermissionStatus.PENDING, 3, confirmed, List.of(T)), "run-1");
    assertThat(model.find("pn-1", "551110").orElseThrow().pendingRequestId()).isEqualTo("wamid.lost");
    assertThat(jdbc.sql("SELECT wa_id FROM permission_requests WHERE message_id = 'wamid.lost'").query(String.class).single())
        .isEqualTo("551110");
  }

  @Test
  void anOlderVersionOfTheSameRunNeverOverwritesANewerOne() {
    model.record(view("551101", PermissionStatus.TEMPORARY, 5, null, List.of()), "run-1");
    assertThat(model.record(view("551101", PermissionStatus.PENDING, 3, null, List.of()), "run-1")).isFalse();
    assertThat(model.find("pn-1", "551101").orElseThrow().status()).isEqualTo(PermissionStatus.TEMPORARY);
  }

  @Test
  void aNewRunStartsItsVersionsAfreshAndStillWins() {
    model.record(view("551102", PermissionStatus.EXPIRED, 9, null, List.of()), "run-1");
    assertThat(model.record(view("551102", PermissionStatus.TEMPORARY, 1, null, List.of()), "run-2")).isTrue();
    assertThat(model.find("pn-1", "551102").orElseThrow().status()).isEqualTo(PermissionStatus.TEMPORARY);
  }

  @Test
  void listingFiltersByNumberAndStatusAndPages() {
    for (int i = 0; i < 5; i++) {
      model.record(view("55120" + i, i % 2 == 0 ? PermissionStatus.TEMPORARY : PermissionStatus.REVOKED, 1, null, List.of()), "r" + i);
    }
    assertThat(model.count("pn-1", PermissionStatus.TEMPORARY)).isEqualTo(3);
    assertThat(model.list("pn-1", PermissionStatus.TEMPORARY, 0, 2)).hasSize(2);
    assertThat(model.list("pn-1", PermissionStatus.TEMPORARY, 2, 2)).hasSize(1);
    assertThat(model.list(null, null, 0, 50)).hasSize(5);
    assertThat(model.count("pn-other", null)).isZero();
  }

  @Test
  void aDeliveryUpdateOfTheSameRequestIsKept() {
    PendingRequest sent = new PendingRequest("wamid.9", T, T.plus(Duration.ofDays(7)), DeliveryStatus.SENT, PermissionStatus.NONE);
    model.record(view("551300", PermissionStatus.PENDING, 1, sent, List.of(T)), "run-1");
    PendingRequest read = new PendingRequest("wamid.9", T, T.plus(Duration.ofDays(7)), DeliveryStatus.READ, PermissionStatus.NONE);
    model.record(view("551300", PermissionStatus.PENDING, 2, read, List.of(T)), "run-1");
    assertThat(jdbc.sql("SELECT delivery_status FROM permission_requests WHERE message_id = 'wamid.9'").query(String.class).single())
        .isEqualTo("READ");
  }

  @Test
  void thePairsLastChangeIsStored_andOnlyEverMovesForward_whicheverRunWrites() {
    Instant revokedAt = T.minus(Duration.ofDays(2));
    model.record(view("551400", PermissionStatus.REVOKED, 4, revokedAt), "run-1");
    assertThat(model.find("pn-1", "551400").orElseThrow().lastChangeAt()).isEqualTo(revokedAt);

    // a run that knows less (an old run, or one not seeded) never moves it back, nor does "unknown"
    model.record(view("551400", PermissionStatus.NONE, 1, revokedAt.minus(Duration.ofDays(30))), "run-2");
    model.record(view("551400", PermissionStatus.NONE, 2, null), "run-2");
    PermissionReadModel.PermissionRow row = model.find("pn-1", "551400").orElseThrow();
    assertThat(row.status()).isEqualTo(PermissionStatus.NONE);
    assertThat(row.lastChangeAt()).isEqualTo(revokedAt);
    assertThat(row.toView().lastChangeAt()).isEqualTo(revokedAt);

    Instant requestedAt = T.plus(Duration.ofHours(1));
    model.record(view("551400", PermissionStatus.PENDING, 3, requestedAt), "run-2");
    assertThat(model.find("pn-1", "551400").orElseThrow().lastChangeAt()).isEqualTo(requestedAt);
  }

  @Test
  void aFreshRunLoadsThePairsLastStatusAndChange_andNothingForAPairNeverRecorded() {
    PermissionActivitiesImpl activities = new PermissionActivitiesImpl(null, model, null, WacallMetrics.noop());
    Instant revokedAt = T.minus(Duration.ofDays(2));
    model.record(view("551500", PermissionStatus.REVOKED, 6, revokedAt), "run-1");

    assertThat(activities.loadPermissionRecord("pn-1", "551500"))
        .isEqualTo(new RecordedPermission(PermissionStatus.REVOKED, revokedAt));
    assertThat(activities.loadPermissionRecord("pn-1", "551599")).isNull();
  }

  @Test
  void aTemporaryGrantPastItsExpiry_readsAsExpiredAsOfNow_changedAtItsExpiry_andIsListedAsExpired() {
    Instant grantedAt = T.minus(Duration.ofDays(1));
    Instant expiresAt = T.plus(Duration.ofDays(6));
    model.record(grant("551600", PermissionStatus.TEMPORARY, expiresAt, grantedAt), "run-1");
    model.record(grant("551601", PermissionStatus.PERMANENT, null, grantedAt), "run-1");
    model.record(grant("551602", PermissionStatus.TEMPORARY, T.plus(Duration.ofDays(30)), grantedAt), "run-1");

    // before the expiry, and as written: the grant as recorded
    PermissionReadModel.PermissionRow before = model.find("pn-2", "551600", expiresAt.minusSeconds(1)).orElseThrow();
    assertThat(before.status()).isEqualTo(PermissionStatus.TEMPORARY);
    assertThat(before.lastChangeAt()).isEqualTo(grantedAt);
    assertThat(model.find("pn-2", "551600").orElseThrow().status()).isEqualTo(PermissionStatus.TEMPORARY);

    // from the expiry on (the workflow's rule: not before it), EXPIRED, changed and updated at the expiry
    PermissionReadModel.PermissionRow lapsed = model.find("pn-2", "551600", expiresAt).orElseThrow();
    assertThat(lapsed.status()).isEqualTo(PermissionStatus.EXPIRED);
    assertThat(lapsed.lastChangeAt()).isEqualTo(expiresAt);
    assertThat(lapsed.updatedAt()).isEqualTo(expiresAt);
    assertThat(lapsed.expiresAt()).isEqualTo(expiresAt);
    assertThat(lapsed.toView().lastChangeAt()).isEqualTo(expiresAt);
    // a permanent grant, and a temporary one still running, are as written
    assertThat(model.find("pn-2", "551601", expiresAt).orElseThrow().status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(model.find("pn-2", "551602", expiresAt).orElseThrow().status()).isEqualTo(PermissionStatus.TEMPORARY);

    // listed and counted as of the same instant
    Instant later = expiresAt.plus(Duration.ofDays(1));
    assertThat(model.count("pn-2", PermissionStatus.TEMPORARY, later)).isEqualTo(1);
    assertThat(model.count("pn-2", PermissionStatus.EXPIRED, later)).isEqualTo(1);
    assertThat(model.count("pn-2", PermissionStatus.TEMPORARY, T)).isEqualTo(2);
    assertThat(model.list("pn-2", PermissionStatus.EXPIRED, later, 0, 50))
        .extracting(PermissionReadModel.PermissionRow::waId).containsExactly("551600");
    assertThat(model.list("pn-2", PermissionStatus.TEMPORARY, later, 0, 50))
        .extracting(PermissionReadModel.PermissionRow::waId).containsExactly("551602");
    // the lapse is the newest change: listed first
    assertThat(model.list("pn-2", null, later, 0, 50)).first()
        .extracting(PermissionReadModel.PermissionRow::waId).isEqualTo("551600");
  }

  @Test
  void aFreshRunLoadsAGrantThatLapsedSinceItWasRecorded_asExpired_changedAtItsExpiry() {
    Instant grantedAt = T.minus(Duration.ofDays(1));
    Instant expiresAt = T.plus(Duration.ofDays(6));
    model.record(grant("551700", PermissionStatus.TEMPORARY, expiresAt, grantedAt), "run-1");

    PermissionActivitiesImpl afterExpiry = new PermissionActivitiesImpl(null, model, null, WacallMetrics.noop(),
        Clock.fixed(expiresAt.plus(Duration.ofDays(30)), ZoneOffset.UTC));
    assertThat(afterExpiry.loadPermissionRecord("pn-2", "551700"))
        .isEqualTo(new RecordedPermission(PermissionStatus.EXPIRED, expiresAt));
    PermissionActivitiesImpl beforeExpiry = new PermissionActivitiesImpl(null, model, null, WacallMetrics.noop(),
        Clock.fixed(expiresAt.minusSeconds(60), ZoneOffset.UTC));
    assertThat(beforeExpiry.loadPermissionRecord("pn-2", "551700"))
        .isEqualTo(new RecordedPermission(PermissionStatus.TEMPORARY, grantedAt));
  }

  /** A grant of pair {@code waId} of business number pn-2, written at {@link #T}. */
  private static PermissionView grant(String waId, PermissionStatus status, Instant expiresAt, Instant grantedAt) {
    return new PermissionView("pn-2", waId, status, status == PermissionStatus.PERMANENT, grantedAt, expiresAt, null,
        List.of(), null, 0, null, null, grantedAt, List.of(), 3, T);
  }

  private static PermissionView view(String waId, PermissionStatus status, long version, Instant lastChangeAt) {
    return new PermissionView("pn-1", waId, status, false, null, null, null, List.of(), null, 0, null, null,
        lastChangeAt, List.of(), version, T);
  }

  private static PermissionView view(String waId, PermissionStatus status, long version, PendingRequest pending, List<Instant> log) {
    return new PermissionView("pn-1", waId, status, status == PermissionStatus.PERMANENT, null,
        status == PermissionStatus.TEMPORARY ? T.plus(Duration.ofDays(7)) : null, pending, log,
        io.wacall.workflows.permission.PermissionRules.nextRequestAllowedAt(log), 0, null, null, null, List.of(), version, T);
  }
}
