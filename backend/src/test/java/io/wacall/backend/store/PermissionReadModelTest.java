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
import java.time.Duration;
import java.time.Instant;
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
    PermissionActivitiesImpl activities = new PermissionActivitiesImpl(null, model, WacallMetrics.noop());
    Instant revokedAt = T.minus(Duration.ofDays(2));
    model.record(view("551500", PermissionStatus.REVOKED, 6, revokedAt), "run-1");

    assertThat(activities.loadPermissionRecord("pn-1", "551500"))
        .isEqualTo(new RecordedPermission(PermissionStatus.REVOKED, revokedAt));
    assertThat(activities.loadPermissionRecord("pn-1", "551599")).isNull();
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
