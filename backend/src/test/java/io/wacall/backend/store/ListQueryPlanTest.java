package io.wacall.backend.store;

import io.wacall.backend.billing.ChargeQueries;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.testsupport.ListTables;
import io.wacall.testsupport.QueryPlans;
import io.wacall.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every list query of the calls, permissions and the ledger, on a real PostgreSQL filled with
 * {@link ListTables#ROWS} rows per table: the first page and the 100th, with no filter and with
 * each filter, custom and generic plans alike, walk an index and sort no more than a page. (The
 * webhook events' list has its twin in the api module.) Plans, not times: nothing here measures.
 */
class ListQueryPlanTest {
  private static final int SIZE = 50;
  private static final int DEEP_PAGE = 100;
  private static final Instant NOW = Instant.now();
  private static DataSource db;

  @BeforeAll
  static void fill() {
    db = TestDatabase.newDatabase();
    ListTables.fill(db);
  }

  static Stream<Arguments> callLists() {
    return cases(CALL_FILTERS, (f, page) -> CallReadModel.listQuery(f, page * SIZE, SIZE));
  }

  private static final String CUSTOMER = "5521910000042";
  private static final List<CallReadModel.Filter> CALL_FILTERS = List.of(
        new CallReadModel.Filter(null, null, null, null, null, null, null),
        new CallReadModel.Filter("pn3", null, null, null, null, null, null),
        new CallReadModel.Filter(null, CUSTOMER, null, null, null, null, null),
        new CallReadModel.Filter("pn2", CUSTOMER, null, null, null, null, null),
        new CallReadModel.Filter(null, null, "a-7", null, null, null, null),
        new CallReadModel.Filter("pn7", null, "a-7", CallDirection.USER_INITIATED, null, null, null),
        new CallReadModel.Filter(null, null, null, CallDirection.BUSINESS_INITIATED, null, null, null),
        new CallReadModel.Filter(null, null, null, null, CallOutcome.FAILED, null, null),
        new CallReadModel.Filter(null, null, null, null, CallOutcome.MISSED, null, null),
        new CallReadModel.Filter("pn3", null, null, null, CallOutcome.COMPLETED, null, null),
        new CallReadModel.Filter(null, null, null, null, null, NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1))),
        new CallReadModel.Filter("pn1", null, null, null, null, NOW.minus(Duration.ofDays(3)), null));

  @ParameterizedTest(name = "{0}")
  @MethodSource("callLists")
  void eachCallListPage_walksAnIndex(String name, ListQuery query, boolean generic, int page) {
    QueryPlans.assertIndexWalk(QueryPlans.explain(db, query, generic), maxSorted(page), name);
  }

  record PermissionFilter(String phoneNumberId, PermissionStatus status, Instant asOf) {}

  static Stream<Arguments> permissionLists() {
    return cases(permissionFilters(), (f, page) -> PermissionReadModel.listQuery(f.phoneNumberId(), f.status(),
        f.asOf(), page * SIZE, SIZE));
  }

  private static List<PermissionFilter> permissionFilters() {
    List<PermissionFilter> filters = new ArrayList<>();
    for (Instant asOf : new Instant[] {NOW, null}) {
      filters.add(new PermissionFilter(null, null, asOf));
      filters.add(new PermissionFilter("pn4", null, asOf));
      for (PermissionStatus status : PermissionStatus.values()) {
        filters.add(new PermissionFilter("pn4", status, asOf));
        filters.add(new PermissionFilter(null, status, asOf));
      }
    }
    return filters;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("permissionLists")
  void eachPermissionListPage_walksAnIndex(String name, ListQuery query, boolean generic, int page) {
    QueryPlans.assertIndexWalk(QueryPlans.explain(db, query, generic), maxSorted(page), name);
  }

  static Stream<Arguments> chargeLists() {
    return cases(CHARGE_FILTERS, (f, page) -> ChargeQueries.pageQuery(f, page, SIZE));
  }

  private static final List<ChargeQueries.Filter> CHARGE_FILTERS = List.of(
        new ChargeQueries.Filter(null, null, null, null),
        new ChargeQueries.Filter(null, null, "pn5", null),
        new ChargeQueries.Filter(NOW.minus(Duration.ofDays(5)), NOW.minus(Duration.ofDays(2)), null, null),
        new ChargeQueries.Filter(NOW.minus(Duration.ofDays(5)), null, "pn5", null),
        new ChargeQueries.Filter(null, null, null, "inbound-call:wacid.42"));

  @ParameterizedTest(name = "{0}")
  @MethodSource("chargeLists")
  void eachLedgerPage_walksAnIndex(String name, ListQuery query, boolean generic, int page) {
    QueryPlans.assertIndexWalk(QueryPlans.explain(db, query, generic), maxSorted(page), name);
  }

  /**
   * A page after a cursor (the next page of {@link #DEEP_PAGE}'s, keyed by its last row, as
   * {@code nextCursor} names it): whatever the depth, walks that start at the key and stop at the
   * page; the merge of the walks sorts at most their pages, never the rows before the key.
   */
  @ParameterizedTest(name = "{0} generic={1}")
  @MethodSource("callFilters")
  void eachCallCursorPage_walksAnIndexFromTheKey(CallReadModel.Filter f, boolean generic) {
    ListQuery deep = CallReadModel.listQuery(f, DEEP_PAGE * SIZE - 1, 1);
    List<Object[]> last = rows(deep, "started_at", "id");
    Object at = last.isEmpty() ? Timestamps.of(NOW) : last.get(0)[0];
    String id = last.isEmpty() ? "inbound-call:wacid.1" : (String) last.get(0)[1];
    assertCursorPage(QueryPlans.explain(db, CallReadModel.afterQuery(f, at, id, SIZE + 1), generic), f + " after " + at + "/" + id);
  }

  static Stream<Arguments> callFilters() {
    return withGeneric(CALL_FILTERS);
  }

  @ParameterizedTest(name = "{0} generic={1}")
  @MethodSource("permissionFilterCases")
  void eachPermissionCursorPage_walksAnIndexFromTheKey(PermissionFilter f, boolean generic) {
    ListQuery deep = PermissionReadModel.listQuery(f.phoneNumberId(), f.status(), f.asOf(), DEEP_PAGE * SIZE - 1, 1);
    List<Object[]> last = rows(deep, "updated_at", "phone_number_id", "wa_id");
    Object at = last.isEmpty() ? Timestamps.of(NOW) : last.get(0)[0];
    String pn = last.isEmpty() ? "pn4" : (String) last.get(0)[1];
    String wa = last.isEmpty() ? CUSTOMER : (String) last.get(0)[2];
    assertCursorPage(QueryPlans.explain(db,
            PermissionReadModel.afterQuery(f.phoneNumberId(), f.status(), f.asOf(), at, pn, wa, SIZE + 1), generic),
        f + " after " + at + "/" + pn + "/" + wa);
  }

  static Stream<Arguments> permissionFilterCases() {
    return withGeneric(permissionFilters());
  }

  @ParameterizedTest(name = "{0} generic={1}")
  @MethodSource("chargeFilters")
  void eachLedgerCursorPage_walksAnIndexFromTheKey(ChargeQueries.Filter f, boolean generic) {
    List<Object[]> last = rows(ChargeQueries.pageQuery(f, DEEP_PAGE * SIZE - 1, 1), "connected_at", "call_id");
    Object at = last.isEmpty() ? Timestamps.of(NOW) : last.get(0)[0];
    String id = last.isEmpty() ? "inbound-call:wacid.1" : (String) last.get(0)[1];
    assertCursorPage(QueryPlans.explain(db, ChargeQueries.afterQuery(f, at, id, SIZE + 1), generic), f + " after " + at + "/" + id);
  }

  static Stream<Arguments> chargeFilters() {
    return withGeneric(CHARGE_FILTERS);
  }

  /** A cursor page merges at most four walks of a page each (permissions as of now); calls three, the rest one. */
  private static final long CURSOR_SORTED = 4L * (SIZE + 1);

  private static void assertCursorPage(com.fasterxml.jackson.databind.JsonNode plan, String what) {
    QueryPlans.assertIndexWalk(plan, CURSOR_SORTED, what);
    QueryPlans.assertIndexReadsBounded(plan, what);
  }

  private static <F> Stream<Arguments> withGeneric(List<F> filters) {
    return filters.stream().flatMap(f -> Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
  }

  /** The named columns of the rows {@code q} reads. */
  private static List<Object[]> rows(ListQuery q, String... columns) {
    return JdbcClient.create(db).sql(q.sql()).params(q.params()).query((rs, n) -> {
      Object[] row = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        Object value = rs.getObject(columns[i]);
        row[i] = value instanceof java.sql.Timestamp t ? Timestamps.of(t.toInstant()) : value;
      }
      return row;
    }).list();
  }

  /**
   * The first page: a merge of walks that each stop at the page may sort what they read, never
   * more. A deep page (offset 5,000) of a broad filter (a status, a tenth of the table) may be
   * planned as the filter's rows fetched through its index and sorted, which the planner rightly
   * finds cheaper than 5,050 index steps; never the whole table. (Keyset paging, which would make
   * every page a walk of one page, is not done yet: docs/performance.md.)
   */
  private static long maxSorted(int page) {
    return page == 0 ? 2L * SIZE : ListTables.ROWS / 5;
  }

  private static <F> Stream<Arguments> cases(List<F> filters, BiFunction<F, Integer, ListQuery> query) {
    List<Arguments> cases = new ArrayList<>();
    for (F filter : filters) {
      for (int page : new int[] {0, DEEP_PAGE}) {
        for (boolean generic : new boolean[] {false, true}) {
          cases.add(Arguments.of(filter + " page " + page + (generic ? " generic" : " custom"),
              query.apply(filter, page), generic, page));
        }
      }
    }
    return cases.stream();
  }
}
