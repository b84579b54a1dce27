package io.wacall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.backend.store.ListQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The plan PostgreSQL chooses for a list query, as a prepared statement ({@code PREPARE} with
 * {@code $n} parameters, then {@code EXPLAIN EXECUTE}), either as a custom plan (the parameters'
 * values known to the planner, what the driver's first executions get) or a generic one
 * ({@code plan_cache_mode = force_generic_plan}: what a statement gets once the driver has
 * prepared it server-side and reuses it, planned without the values).
 */
public final class QueryPlans {
  private static final Pattern NAMED = Pattern.compile("(?<!:):([A-Za-z][A-Za-z0-9_]*)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private QueryPlans() {}

  /** The plan's root node ({@code EXPLAIN (FORMAT JSON)}'s "Plan"). */
  public static JsonNode explain(DataSource ds, ListQuery q, boolean generic) {
    Map<String, Integer> positions = new LinkedHashMap<>();
    Matcher m = NAMED.matcher(q.sql());
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      int n = positions.computeIfAbsent(m.group(1), name -> positions.size() + 1);
      m.appendReplacement(sql, "\\$" + n);
    }
    m.appendTail(sql);
    List<String> args = new ArrayList<>();
    positions.keySet().forEach(name -> {
      assertThat(q.params()).as("parameter %s of %s", name, q.sql()).containsKey(name);
      args.add(literal(q.params().get(name)));
    });
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
      s.execute("PREPARE list_query AS " + sql);
      try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE list_query"
          + (args.isEmpty() ? "" : "(" + String.join(", ", args) + ")"))) {
        rs.next();
        JsonNode plan = JSON.readTree(rs.getString(1)).get(0).get("Plan");
        s.execute("DEALLOCATE list_query");
        return plan;
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("could not explain " + sql, e);
    }
  }

  /**
   * Asserts the plan reads through an index, scans no table sequentially and sorts (a full Sort
   * node) at most {@code maxSortedRows} rows (a merge of index walks that stop at the page may sort the page;
   * nothing may sort the table).
   */
  public static void assertIndexWalk(JsonNode plan, long maxSortedRows, String what) {
    List<JsonNode> nodes = new ArrayList<>();
    collect(plan, nodes);
    List<String> types = nodes.stream().map(n -> n.get("Node Type").asText()).toList();
    assertThat(types).as("%s: plan %s", what, outline(plan)).doesNotContain("Seq Scan");
    assertThat(types).as("%s: plan %s", what, outline(plan)).anyMatch(t -> t.contains("Index"));
    // an Incremental Sort reads its input in the order of its leading key and sorts only rows
    // that tie on it, as it goes (under a Limit, it stops with the page): a walk, not a sort
    nodes.stream().filter(n -> n.get("Node Type").asText().equals("Sort"))
        .forEach(sort -> assertThat(sort.get("Plan Rows").asLong())
            .as("%s: rows sorted by %s", what, outline(plan)).isLessThanOrEqualTo(maxSortedRows));
  }

  /**
   * Asserts every index read of the plan has an index condition: it starts at a key (a cursor's, a
   * filter's) rather than walking the index from its start and filtering what it passes, which is
   * what a keyset page must never do (its cost would grow with its depth).
   */
  public static void assertIndexReadsBounded(JsonNode plan, String what) {
    List<JsonNode> nodes = new ArrayList<>();
    collect(plan, nodes);
    nodes.stream().filter(n -> n.get("Node Type").asText().contains("Index"))
        .forEach(scan -> assertThat(scan.has("Index Cond"))
            .as("%s: an index read with no index condition in %s", what, outline(plan)).isTrue());
  }

  /** The plan as one line per node: type, index or table, estimated rows; for messages. */
  public static String outline(JsonNode node) {
    StringBuilder out = new StringBuilder();
    outline(node, 0, out);
    return out.toString();
  }

  private static void outline(JsonNode node, int depth, StringBuilder out) {
    out.append("\n").append("  ".repeat(depth)).append(node.get("Node Type").asText());
    for (String key : new String[] {"Index Name", "Relation Name", "Sort Key", "Filter", "Index Cond"}) {
      if (node.has(key)) {
        out.append(" ").append(key).append("=").append(node.get(key));
      }
    }
    out.append(" rows=").append(node.get("Plan Rows"));
    if (node.has("Plans")) {
      node.get("Plans").forEach(child -> outline(child, depth + 1, out));
    }
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    into.add(node);
    if (node.has("Plans")) {
      node.get("Plans").forEach(child -> collect(child, into));
    }
  }

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    if (value instanceof OffsetDateTime t) {
      return "'" + t + "'::timestamptz";
    }
    return "'" + value.toString().replace("'", "''") + "'";
  }
}
