package io.wacall.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.backend.store.ListQuery;
import io.wacall.backend.store.Timestamps;
import io.wacall.testsupport.ListTables;
import io.wacall.testsupport.QueryPlans;
import io.wacall.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The operators' list of webhook events (ListQueryPlanTest's twin for the store the api module
 * owns): on {@link ListTables#ROWS} stored events, the first and the 100th page, with no filter, a
 * status, a kind and both, custom and generic plans, walk an index and sort no more than a page.
 */
class WebhookEventListPlanTest {
  private static final int SIZE = 50;
  private static DataSource db;

  @BeforeAll
  static void fill() {
    db = TestDatabase.newDatabase();
    ListTables.fill(db);
  }

  static Stream<Arguments> lists() {
    List<Arguments> cases = new ArrayList<>();
    WebhookEventStatus[] statuses = {null, WebhookEventStatus.FAILED, WebhookEventStatus.DISPATCHED};
    for (WebhookEventStatus status : statuses) {
      for (String kind : new String[] {null, "CALL"}) {
        for (int page : new int[] {0, 100}) {
          for (boolean generic : new boolean[] {false, true}) {
            cases.add(Arguments.of("status " + status + " kind " + kind + " page " + page + (generic ? " generic" : ""),
                WebhookEventList.listQuery(status, kind, page * SIZE, SIZE), generic, page));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lists")
  void eachPage_walksAnIndex(String name, ListQuery query, boolean generic, int page) {
    QueryPlans.assertIndexWalk(QueryPlans.explain(db, query, generic),
        page == 0 ? 2L * SIZE : ListTables.ROWS / 5, name);
  }

  /** The page after the 100th page's last event, as its cursor names it: one walk from the key. */
  @ParameterizedTest(name = "status {0} kind {1} generic {2}")
  @CsvSource(nullValues = "-", value = {"-, -, false", "-, -, true", "FAILED, -, false", "FAILED, -, true",
      "DISPATCHED, CALL, false", "DISPATCHED, CALL, true", "-, CALL, true"})
  void eachCursorPage_walksAnIndexFromTheKey(WebhookEventStatus status, String kind, boolean generic) {
    Object[] last = lastOfPage(status, kind, 100).or(() -> lastOfPage(status, kind, 1)).orElseThrow();
    JsonNode plan = QueryPlans.explain(db,
        WebhookEventList.afterQuery(status, kind, last[0], (Long) last[1], SIZE + 1), generic);
    QueryPlans.assertIndexWalk(plan, SIZE + 1, status + " " + kind);
    QueryPlans.assertIndexReadsBounded(plan, status + " " + kind);
  }

  /** The received time and id of the last event of a page (of 50), when the list is that long (FAILED: 100 events). */
  private static java.util.Optional<Object[]> lastOfPage(WebhookEventStatus status, String kind, int pages) {
    ListQuery q = WebhookEventList.listQuery(status, kind, pages * SIZE - 1, 1);
    return JdbcClient.create(db).sql(q.sql()).params(q.params())
        .query((rs, n) -> new Object[] {Timestamps.of(rs.getTimestamp("received_at").toInstant()), rs.getLong("id")})
        .optional();
  }
}
