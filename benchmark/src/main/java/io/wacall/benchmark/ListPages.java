package io.wacall.benchmark;

import io.wacall.testsupport.ListTables;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How the list endpoints grow with the work (issue 12): the tables behind them (calls,
 * permissions, ledger rows, webhook events) are filled with many rows each on the stack's own
 * PostgreSQL, with the generator the plan tests use ({@link ListTables}: 20 business numbers, 100
 * agents, a realistic mix of outcomes and statuses), then each list is timed over HTTP on its
 * first and its 100th page, with and without a filter. The baseline is the same list's first
 * page: a deep page that costs much more than the first is what offset paging does at scale.
 */
final class ListPages {
  /** Timed tries per request; the median is reported (the first try warms the plan cache). */
  private static final int TRIES = 7;
  private static final int SIZE = 50;
  private static final int DEEP_PAGE = 100;

  private final Stack stack;

  ListPages(Stack stack) {
    this.stack = stack;
  }

  /** A list request: who may ask, its path without paging, and what it shows. */
  private record Request(String token, String path, String what) {}

  void measure(int rows, Report report) throws Exception {
    if (stack.jdbcUrl == null) {
      report.section("List endpoints", "| skipped |", "| --- |");
      report.row("| attached without --jdbc=: the stack's database is unknown |");
      return;
    }
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setUrl(stack.jdbcUrl);
    database.setUser("postgres");
    database.setPassword("postgres");
    System.out.println("list endpoints: filling " + rows + " rows per table (load average "
        + RatingBenchmark.loadAverage() + ")");
    long fillStart = System.nanoTime();
    ListTables.fill(database, rows);
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

    List<Request> requests = List.of(
        new Request(Stack.SERVICE_TOKEN, "/api/v1/calls?", "calls"),
        new Request(Stack.SERVICE_TOKEN, "/api/v1/calls?phoneNumberId=pn3&", "calls of one number"),
        new Request(Stack.SERVICE_TOKEN, "/api/v1/calls?phoneNumberId=pn3&outcome=COMPLETED&", "calls, number + outcome"),
        new Request(Stack.SERVICE_TOKEN, "/api/v1/calls?agentId=a-7&", "calls of one agent"),
        new Request(Stack.SERVICE_TOKEN, "/api/v1/permissions?", "permissions"),
        new Request(Stack.SERVICE_TOKEN, "/api/v1/permissions?phoneNumberId=pn3&status=TEMPORARY&", "permissions, number + status"),
        new Request(Stack.SERVICE_TOKEN, "/api/v1/billing/charges?", "ledger rows"),
        new Request(Stack.SERVICE_TOKEN, "/api/v1/billing/charges?phoneNumberId=pn3&", "ledger rows of one number"),
        new Request(Stack.OPERATOR_TOKEN, "/api/v1/admin/webhook-events?", "webhook events"),
        new Request(Stack.OPERATOR_TOKEN, "/api/v1/admin/webhook-events?status=FAILED&", "webhook events, FAILED"));

    report.section("List endpoints at " + rows + " rows per table (filled in " + Math.round(fillSeconds)
            + " s), median of " + TRIES + " requests of " + SIZE + " rows",
        "| list | page 0 ms | page " + DEEP_PAGE + " ms | page " + DEEP_PAGE + " / page 0 |",
        "| --- | ---: | ---: | ---: |");
    List<Map<String, Object>> json = new ArrayList<>();
    for (Request request : requests) {
      double first = medianMillis(request, 0);
      double deep = medianMillis(request, DEEP_PAGE);
      report.row("| %s | %.1f | %.1f | %.2f |", request.what(), first, deep, deep / first);
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("list", request.what());
      j.put("path", request.path());
      j.put("firstPageMs", first);
      j.put("deepPageMs", deep);
      json.add(j);
    }
    report.put("listPages", Map.of("rowsPerTable", rows, "fillSeconds", fillSeconds, "lists", json));
    report.note("Every list query walks an index (ListQueryPlanTest, WebhookEventListPlanTest check the plans); "
        + "deep pages are still offset pages, and each page still counts its total.");
  }

  private double medianMillis(Request request, int page) throws Exception {
    double[] times = new double[TRIES];
    for (int i = 0; i < TRIES; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = stack.get(request.token(), request.path() + "page=" + page + "&size=" + SIZE);
      times[i] = (System.nanoTime() - start) / 1e6;
      if (response.statusCode() != 200) {
        throw new IllegalStateException(request.path() + " page " + page + " answered " + response.statusCode()
            + ": " + response.body());
      }
    }
    Arrays.sort(times);
    return times[TRIES / 2];
  }
}
