package io.wacall.backend.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.wacall.backend.store.CallDispositions.Outcome;
import io.wacall.backend.store.CallDispositions.Result;
import io.wacall.backend.store.directory.CallingProperties;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.backend.store.directory.PhoneNumberUpdate;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.Disposition;
import io.wacall.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The disposition in the call read model, on a real PostgreSQL migrated by the project's scripts. */
class CallDispositionsTest {
  static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
  static final String PHONE = "106540352242922";
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  JdbcClient jdbc;
  CallReadModel calls;
  CallDispositions dispositions;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(TestDatabase.newDatabase());
    calls = new CallReadModel(jdbc, JSON);
    PhoneNumberRepository numbers = new PhoneNumberRepository(jdbc, JSON, CallingProperties.defaults(),
        Clock.fixed(T, ZoneOffset.UTC));
    numbers.save(PHONE, new PhoneNumberUpdate("+5511955550123", null, null, null, List.of("Resolved", "Sold")));
    dispositions = new CallDispositions(jdbc, calls, numbers);
  }

  @Test
  void theWindowOfAnEndedCallClosesAtWrapUpEndsAt() {
    Instant endsAt = T.plus(Duration.ofHours(1));
    calls.record(view("inbound-call:w1", PHONE, CallStatus.ENDED, endsAt, 3, null), "run-1");

    assertThat(dispositions.set("inbound-call:w1", "Sold", null, "a-1", endsAt).outcome()).isEqualTo(Outcome.NOT_OPEN);
    Result set = dispositions.set("inbound-call:w1", "sold", "n", "a-1", endsAt.minusMillis(1));
    assertThat(set.outcome()).isEqualTo(Outcome.SET);
    assertThat(set.view().disposition()).isEqualTo(new Disposition("Sold", "n", "a-1", endsAt.minusMillis(1)));
    assertThat(calls.find("inbound-call:w1").orElseThrow().disposition()).isEqualTo(set.view().disposition());
  }

  @Test
  void aNumberMissingFromTheDirectoryHasTheDefaultTags() {
    calls.record(view("inbound-call:w2", "106540352249999", CallStatus.CONNECTED, null, 2, null), "run-1");

    Result refused = dispositions.set("inbound-call:w2", "Sold", null, "a-1", T);
    assertThat(refused.outcome()).isEqualTo(Outcome.TAG_NOT_ALLOWED);
    assertThat(refused.message()).contains("Resolved, Follow-up Required, No Answer");
    assertThat(dispositions.set("inbound-call:w2", "follow-up required", null, "a-1", T).view().disposition().tag())
        .isEqualTo("Follow-up Required");
  }

  @Test
  void theRequestIsCheckedFirst_thenTheCall_thenTheWindow_thenTheTag() {
    calls.record(view("inbound-call:w3", PHONE, CallStatus.RINGING, null, 1, null), "run-1");

    assertThat(dispositions.set("inbound-call:none", " ", null, null, T).outcome()).isEqualTo(Outcome.INVALID_REQUEST);
    assertThat(dispositions.set("inbound-call:none", "Sold", "x".repeat(2001), null, T).outcome())
        .isEqualTo(Outcome.INVALID_REQUEST);
    assertThat(dispositions.set("inbound-call:none", "Sold", null, null, T).outcome()).isEqualTo(Outcome.NO_CALL);
    assertThat(dispositions.set("inbound-call:w3", "Nope", null, null, T).outcome()).isEqualTo(Outcome.NOT_OPEN);
  }

  @Test
  void aSnapshotNeverErasesTheStoredDisposition_butOneSetLaterInTheRunReplacesIt() {
    String id = "inbound-call:w4";
    calls.record(view(id, PHONE, CallStatus.CONNECTED, null, 2, null), "run-1");
    Disposition stored = dispositions.set(id, "Resolved", "api", "a-1", T).view().disposition();

    // the run's snapshots: without a disposition, then with one set before the API's (kept out), ...
    calls.record(view(id, PHONE, CallStatus.ENDED, T.plus(Duration.ofHours(1)), 3, null), "run-1");
    assertThat(calls.find(id).orElseThrow().disposition()).isEqualTo(stored);
    calls.record(view(id, PHONE, CallStatus.ENDED, T.plus(Duration.ofHours(1)), 4,
        new Disposition("Sold", "update", "a-2", T.minusSeconds(5))), "run-1");
    assertThat(calls.find(id).orElseThrow().disposition()).isEqualTo(stored);
    assertThat(tagColumn(id)).isEqualTo("Resolved");

    // ... then one a run of the old shape got through its setDisposition update after the API's: the last one wins
    Disposition later = new Disposition("Sold", "update", "a-2", T.plusSeconds(5));
    calls.record(view(id, PHONE, CallStatus.ENDED, T.plus(Duration.ofHours(1)), 5, later), "run-1");
    assertThat(calls.find(id).orElseThrow().disposition()).isEqualTo(later);
    assertThat(calls.list(new CallReadModel.Filter(PHONE, null, null, null, null, null, null), 0, 10))
        .extracting(CallView::disposition).containsExactly(later);
    assertThat(tagColumn(id)).isEqualTo("Sold");
  }

  @Test
  void aSnapshotsOwnDispositionFillsTheTagColumnWhenTheApiSetNone() {
    String id = "inbound-call:w5";
    Disposition carried = new Disposition("Resolved", null, "a-1", T);
    calls.record(view(id, PHONE, CallStatus.ENDED, T.plus(Duration.ofHours(1)), 3, carried), "run-1");
    assertThat(tagColumn(id)).isEqualTo("Resolved");
    calls.record(view(id, PHONE, CallStatus.ENDED, T.plus(Duration.ofHours(1)), 4, null), "run-2");
    assertThat(tagColumn(id)).isEqualTo("Resolved"); // a snapshot without one leaves the column as it was
  }

  @Test
  void theLiveViewOfARunningCallGetsTheStoredDisposition() {
    String id = "inbound-call:w6";
    CallView live = view(id, PHONE, CallStatus.CONNECTED, null, 7, null);
    assertThat(calls.withStoredDisposition(live)).isSameAs(live); // no record yet
    calls.record(view(id, PHONE, CallStatus.CONNECTED, null, 2, null), "run-1");
    assertThat(calls.withStoredDisposition(live)).isEqualTo(live);

    Disposition stored = dispositions.set(id, "Resolved", null, "a-1", T).view().disposition();
    CallView merged = calls.withStoredDisposition(live);
    assertThat(merged.disposition()).isEqualTo(stored);
    assertThat(merged.version()).isEqualTo(7);
    assertThat(merged.status()).isEqualTo(CallStatus.CONNECTED);
  }

  private String tagColumn(String id) {
    return jdbc.sql("SELECT disposition_tag FROM call_records WHERE id = :id").param("id", id).query(String.class).single();
  }

  static CallView view(String id, String phone, CallStatus status, Instant wrapUpEndsAt, long version,
      Disposition disposition) {
    boolean ended = status == CallStatus.ENDED;
    return new CallView(id, id.substring(id.indexOf(':') + 1), CallDirection.USER_INITIATED, phone, "5521987650001",
        status == CallStatus.RINGING ? null : "a-1", status, ended ? CallOutcome.COMPLETED : null, T.minusSeconds(120),
        status == CallStatus.RINGING ? null : T.minusSeconds(110), ended ? T.minusSeconds(10) : null,
        ended ? 100 : null, false, disposition, null, List.of(), null, null, false, null, null, null, null,
        wrapUpEndsAt, List.of(), version, T);
  }
}
