package io.wacall.backend.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of a list endpoint with its named parameters, built with only the filters a request
 * gives. Written this way, rather than as {@code (CAST(:x AS text) IS NULL OR col = :x)}, because
 * such a filter defeats the indexes under a generic plan (a prepared statement's plan once the
 * driver reuses it), and every list's plan is checked with {@code EXPLAIN} by ListQueryPlanTest.
 */
public record ListQuery(String sql, Map<String, Object> params) {

  /** Collects the conditions of a WHERE clause and their parameters. */
  public static final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** Adds {@code condition} and its parameter {@code name} when {@code value} is not null. */
    public Where and(String condition, String name, Object value) {
      if (value != null) {
        conditions.add(condition);
        params.put(name, value);
      }
      return this;
    }

    /** Adds {@code condition}, which names no parameter or ones put with {@link #param}. */
    public Where and(String condition) {
      conditions.add(condition);
      return this;
    }

    public Where param(String name, Object value) {
      params.put(name, value);
      return this;
    }

    /** {@code " WHERE a AND b"}, or an empty string when there is no condition. */
    public String sql() {
      return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public Map<String, Object> params() {
      return params;
    }
  }
}
