package io.wacall.backend.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.wacall.backend.billing.ChargeQueries;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.billing.ChargeRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Following {@code nextCursor} from the first page lists every row once, in the order the offset
 * pages list them, on a real PostgreSQL with the cases a keyset gets wrong: rows that tie on the
 * sort's instant (paged through in the middle of a tie), calls with no start time (sorted last),
 * and temporary grants lapsed by now (read as EXPIRED at their expiry, merged into the written
 * rows, one of them tying with a written row). A cursor is refused under other filters or when it
 * is not one.
 */
class KeysetPagingTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final int SIZE = 4;
  private static JdbcClient jdbc;
  private static CallReadModel calls;
  private static PermissionReadModel permissions;
  private static ChargeQueries charges;

  @BeforeAll
  static void fill() {
    DataSource db = TestDatabase.newDatabase();
    jdbc = JdbcClient.create(db);
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    calls = new CallReadModel(jdbc, json);
    permissions = new PermissionReadModel(jdbc, json);
    charges = new ChargeQueries(db);
    // 30 calls over 4 instants (ties of up to 8) and 3 with no start; 2 numbers, 2 outcomes
    jdbc.sql("""
        INSERT INTO call_records (id, wacid, direction, phone_number_id, customer, agent_id, status, outcome,
            started_at, view, version, updated_at)
        SELECT 'inbound-call:wacid.' || i, 'wacid.' || i, 'USER_INITIATED', 'pn' || (i % 2), '5521987650001',
            'a-1', 'ENDED', CASE WHEN i % 3 = 0 THEN 'MISSED' ELSE 'COMPLETED' END,
            CASE WHEN i % 11 = 0 THEN NULL ELSE CAST(:now AS timestamptz) - (i % 4) * interval '1 minute' END,
            jsonb_build_object('id', 'inbound-call:wacid.' || i, 'wacid', 'wacid.' || i,
                'direction', 'USER_INITIATED', 'phoneNumberId', 'pn' || (i % 2), 'customer', '5521987650001',
                'status', 'ENDED', 'ringAttempts', '[]'::jsonb, 'timeline', '[]'::jsonb, 'version', 1),
            1, now()
        FROM generate_series(1, 33) i""").param("now", Timestamps.of(NOW)).update();
    // 24 pairs: updated at 3 instants; the temporary ones of i % 4 = 0 lapsed an hour ago, one of them
    // (i = 8) at the very instant written rows were last updated
    jdbc.sql("""
        INSERT INTO call_permissions (phone_number_id, wa_id, status, permanent, expires_at, version, updated_at,
            last_change_at)
        SELECT 'pn' || (i % 2), '55219' || (10000000 + i),
            CASE WHEN i % 2 = 0 THEN 'TEMPORARY' ELSE 'PERMANENT' END, i % 2 = 1,
            CASE WHEN i % 2 = 1 THEN NULL
                 WHEN i = 8 THEN CAST(:now AS timestamptz) - interval '2 hours'
                 WHEN i % 4 = 0 THEN CAST(:now AS timestamptz) - interval '1 hour'
                 ELSE CAST(:now AS timestamptz) + interval '1 day' END,
            1, CAST(:now AS timestamptz) - (i % 3) * interval '1 hour' - interval '1 day',
            CAST(:now AS timestamptz) - interval '1 day'
        FROM generate_series(1, 24) i""").param("now", Timestamps.of(NOW)).update();
    jdbc.sql("UPDATE call_permissions SET updated_at = CAST(:now AS timestamptz) - interval '2 hours'"
        + " WHERE wa_id IN ('5521910000001', '5521910000002')").param("now", Timestamps.of(NOW)).update();
    // 19 ledger rows over 3 instants
    jdbc.sql("""
        INSERT INTO billing_charges (call_id, direction, phone_number_id, region, market, connected_at,
            connected_seconds, pulses, rate_per_minute, amount, currency, rate_card_version, volume_month, charged_at)
        SELECT 'inbound-call:wacid.' || i, 'USER_INITIATED', 'pn' || (i % 2), 'BR', 'Brazil',
            CAST(:now AS timestamptz) - (i % 3) * interval '1 minute', 60, 10, 0.01, 0.01, 'USD',
            (SELECT min(version) FROM rate_cards), date_trunc('month', now())::date, now()
        FROM generate_series(1, 19) i""").param("now", Timestamps.of(NOW)).update();
  }

  @Test
  void followingTheCursors_listsTheCallsOfTheOffsetPages() {
    for (CallReadModel.Filter f : List.of(new CallReadModel.Filter(null, null, null, null, null, null, null),
        new CallReadModel.Filter("pn1", null, null, null, CallOutcome.COMPLETED, null, null))) {
      List<String> byOffset = calls.list(f, 0, 100).stream().map(CallView::id).toList();
      List<String> byCursor = walk(cursor -> calls.page(f, 0, cursor, SIZE), CallView::id);
      assertThat(byOffset).hasSizeGreaterThan(2 * SIZE);
      assertThat(byCursor).as("%s", f).containsExactlyElementsOf(byOffset);
      assertThat(calls.total(f)).isEqualTo(new Keyset.Total(byOffset.size(), true));
    }
  }

  @Test
  void followingTheCursors_listsThePermissionsAsOfNow() {
    for (String number : new String[] {null, "pn0"}) {
      for (PermissionStatus status : new PermissionStatus[] {null, PermissionStatus.EXPIRED, PermissionStatus.TEMPORARY}) {
        List<String> byOffset = permissions.list(number, status, NOW, 0, 100).stream()
            .map(r -> r.phoneNumberId() + "/" + r.waId() + " " + r.status()).toList();
        List<String> byCursor = walk(cursor -> permissions.page(number, status, NOW, 0, cursor, SIZE),
            r -> r.phoneNumberId() + "/" + r.waId() + " " + r.status());
        assertThat(byOffset).as("%s %s", number, status).hasSizeGreaterThan(1);
        assertThat(byCursor).as("%s %s", number, status).containsExactlyElementsOf(byOffset);
        assertThat(permissions.total(number, status, NOW).value()).isEqualTo(byOffset.size());
      }
    }
  }

  @Test
  void followingTheCursors_listsTheLedger() {
    ChargeQueries.Filter all = new ChargeQueries.Filter(null, null, null, null);
    List<String> byOffset = charges.page(all, 0, 100).items().stream().map(ChargeRecord::callId).toList();
    List<String> byCursor = walk(cursor -> {
      ChargeQueries.Page page = charges.page(all, 0, cursor, SIZE);
      return new Keyset.Slice<>(page.items(), page.hasMore(), page.nextCursor());
    }, ChargeRecord::callId);
    assertThat(byOffset).hasSize(19);
    assertThat(byCursor).containsExactlyElementsOf(byOffset);
  }

  @Test
  void aCursor_isRefusedUnderOtherFiltersOrWhenItIsNone() {
    CallReadModel.Filter pn0 = new CallReadModel.Filter("pn0", null, null, null, null, null, null);
    String cursor = calls.page(pn0, 0, null, SIZE).nextCursor();
    assertThat(cursor).isNotNull();

    assertThatThrownBy(() -> calls.page(new CallReadModel.Filter("pn1", null, null, null, null, null, null), 0,
        cursor, SIZE)).isInstanceOf(Keyset.InvalidCursorException.class).hasMessageContaining("other filters");
    assertThatThrownBy(() -> permissions.page(null, null, NOW, 0, cursor, SIZE))
        .isInstanceOf(Keyset.InvalidCursorException.class);
    assertThatThrownBy(() -> calls.page(pn0, 0, "not-a-cursor!", SIZE))
        .isInstanceOf(Keyset.InvalidCursorException.class);
  }

  @Test
  void aTotalPastTheCap_isTheCapAndNotExact() {
    jdbc.sql("""
        INSERT INTO call_records (id, direction, phone_number_id, customer, status, started_at, view, version, updated_at)
        SELECT 'many.' || i, 'USER_INITIATED', 'many', '5521987650001', 'ENDED', now(), '{}'::jsonb, 1, now()
        FROM generate_series(0, :cap) i""").param("cap", Keyset.TOTAL_CAP).update();
    CallReadModel.Filter many = new CallReadModel.Filter("many", null, null, null, null, null, null);

    assertThat(calls.total(many)).isEqualTo(new Keyset.Total(Keyset.TOTAL_CAP, false));
    jdbc.sql("DELETE FROM call_records WHERE id = 'many.0'").update();
    assertThat(calls.total(many)).isEqualTo(new Keyset.Total(Keyset.TOTAL_CAP, true));
  }

  /** Every row of the pages from the first, following each page's cursor; stops after 100 pages. */
  private static <T> List<String> walk(Function<String, Keyset.Slice<T>> page, Function<T, String> name) {
    List<String> rows = new ArrayList<>();
    String cursor = null;
    for (int i = 0; i < 100; i++) {
      Keyset.Slice<T> slice = page.apply(cursor);
      slice.items().forEach(row -> rows.add(name.apply(row)));
      assertThat(slice.items()).hasSizeLessThanOrEqualTo(SIZE);
      if (!slice.hasMore()) {
        assertThat(slice.nextCursor()).isNull();
        return rows;
      }
      cursor = slice.nextCursor();
    }
    throw new AssertionError("no last page after 100 pages: " + rows);
  }
}
