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
 * first and its 100th page (by offset, and by the cursor of the 99th page), with and without a
 * filter. The baseline is the same list's first page: a deep page that costs much more than the
 * first is what offset paging does at scale.
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
        "| list | page 0 ms | page " + DEEP_PAGE + " by offset ms | page " + DEEP_PAGE + " by cursor ms"
            + " | offset / page 0 | cursor / page 0 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |");
    List<Map<String, Object>> json = new ArrayList<>();
    for (Request request : requests) {
      double first = medianMillis(request, "page=0");
      double deep = medianMillis(request, "page=" + DEEP_PAGE);
      String cursor = cursorOfPage(request, DEEP_PAGE);
      double byCursor = cursor == null ? Double.NaN : medianMillis(request, "cursor=" + cursor);
      report.row("| %s | %.1f | %.1f | %s | %.2f | %s |", request.what(), first, deep,
          cursor == null ? "fewer pages" : "%.1f".formatted(byCursor), deep / first,
          cursor == null ? "" : "%.2f".formatted(byCursor / first));
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("list", request.what());
      j.put("path", request.path());
      j.put("firstPageMs", first);
      j.put("deepPageMs", deep);
      j.put("deepPageByCursorMs", byCursor);
      json.add(j);
    }
    report.put("listPages", Map.of("rowsPerTable", rows, "fillSeconds", fillSeconds, "lists", json));
    report.note("Every list query walks an index (ListQueryPlanTest, WebhookEventListPlanTest check the plans); "
        + "a page by cursor starts its walk at the cursor's key; a page by offset counts its total up to 1,000, a page by cursor counts nothing.");
  }

  /** The cursor that names page {@code page}: followed from the first page, one page at a time (not timed). */
  private String cursorOfPage(Request request, int page) throws Exception {
    String cursor = null;
    for (int i = 0; i < page; i++) {
      HttpResponse<String> response = fetch(request, cursor == null ? "page=0" : "cursor=" + cursor);
      cursor = nextCursor(response);
      if (cursor == null) {
        return null;
      }
    }
    return cursor;
  }

  /** A page's nextCursor: in the body, or (the webhook events, a bare array) in its Link rel="next". */
  private static String nextCursor(HttpResponse<String> response) throws Exception {
    java.util.Optional<String> link = response.headers().firstValue("Link");
    if (link.isPresent()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]cursor=([^&>]+)").matcher(link.get());
      return m.find() ? m.group(1) : null;
    }
    com.fasterxml.jackson.databind.JsonNode body = JSON.readTree(response.body());
    return body.isObject() && body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private double medianMillis(Request request, String page) throws Exception {
    double[] times = new double[TRIES];
    for (int i = 0; i < TRIES; i++) {
      long start = System.nanoTime();
      fetch(request, page);
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[TRIES / 2];
  }

  private HttpResponse<String> fetch(Request request, String page) throws Exception {
    HttpResponse<String> response = stack.get(request.token(), request.path() + page + "&size=" + SIZE);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.path() + page + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return response;
  }
}
