package io.wacall.backend.cloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * What {@code GET /{WABA_ID}/call_analytics} (docs/meta-cloud-api.md#call-analytics) reports for
 * one direction over a span: the sum of its data points. wacall asks for one direction at a time,
 * so it never depends on a data point naming its direction.
 *
 * @param count calls Meta counted
 * @param cost what Meta will bill, in the account's currency
 * @param dataPoints how many data points the answer had (0: Meta saw no call)
 */
public record CallAnalytics(long count, BigDecimal cost, int dataPoints) {
  /**
   * Sums {@code data[].data_points[]} of Meta's answer; also accepted nested in
   * {@code call_analytics} (the form a {@code ?fields=call_analytics...} read answers with).
   *
   * @throws IllegalArgumentException when the answer has no {@code data} array or a point's
   *     {@code cost} or {@code count} is not a number
   */
  static CallAnalytics fromGraph(JsonNode root) {
    JsonNode data = root.has("call_analytics") ? root.path("call_analytics").path("data") : root.path("data");
    if (!data.isArray()) {
      throw new IllegalArgumentException("no data array");
    }
    long count = 0;
    BigDecimal cost = BigDecimal.ZERO;
    int points = 0;
    for (JsonNode series : data) {
      for (JsonNode point : series.path("data_points")) {
        count += number(point, "count").longValueExact();
        cost = cost.add(number(point, "cost"));
        points++;
      }
    }
    return new CallAnalytics(count, cost, points);
  }

  /** A point's figure; absent counts as 0 (Meta leaves out a metric with nothing to report). */
  private static BigDecimal number(JsonNode point, String field) {
    JsonNode value = point.get(field);
    if (value == null || value.isNull()) {
      return BigDecimal.ZERO;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.asText().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException("data point " + field + " is not a number: " + value);
  }
}
