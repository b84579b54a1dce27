package io.wacall.sandbox.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.sandbox.SandboxGuard;
import io.wacall.sandbox.SandboxProperties;
import io.wacall.sandbox.analytics.BilledCalls;
import io.wacall.sandbox.analytics.BilledCalls.BilledCall;
import io.wacall.sandbox.webhook.CallDirection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /{WABA_ID}/call_analytics} (docs/meta-cloud-api.md#call-analytics) as the sandbox plays
 * it, from the calls it played ({@link BilledCalls}): {@code start} and {@code end} in UNIX seconds,
 * a {@code granularity} ({@code HALF_HOUR}, {@code DAILY}, {@code MONTHLY}, spans in UTC), the
 * {@code directions} and {@code metric_types} (JSON arrays; all when left out). One series, a data
 * point per span that had calls: its {@code start}, {@code end} and the metrics asked for
 * ({@code count}, {@code cost} in USD, {@code average_duration} in connected seconds). Meta's
 * reference gives no sample answer; this is the shape wacall reads ({@code data[].data_points[]}).
 */
@RestController
class CallAnalyticsController {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Granularity { HALF_HOUR, DAILY, MONTHLY }

  enum Metric { COST, COUNT, AVERAGE_DURATION }

  private final BilledCalls calls;
  private final String wabaId;

  CallAnalyticsController(BilledCalls calls, SandboxProperties properties) {
    this.calls = calls;
    this.wabaId = properties.wabaId();
  }

  @GetMapping(SandboxGuard.GRAPH_PATH + "/{version}/{wabaId}/call_analytics")
  Map<String, Object> callAnalytics(@PathVariable("wabaId") String account,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestParam(required = false) String start, @RequestParam(required = false) String end,
      @RequestParam(required = false) String granularity, @RequestParam(required = false) String directions,
      @RequestParam(name = "metric_types", required = false) String metricTypes) {
    GraphTokens.require(authorization);
    if (!wabaId.equals(account)) {
      throw GraphError.unknownObject(account);
    }
    Instant from = unixSeconds("start", start);
    Instant to = unixSeconds("end", end);
    if (!from.isBefore(to)) {
      throw GraphError.invalidParameter("start must be before end");
    }
    Granularity spans = oneOf(Granularity.class, "granularity", granularity);
    Set<CallDirection> asked = listOf(CallDirection.class, "directions", directions);
    Set<Metric> metrics = listOf(Metric.class, "metric_types", metricTypes);

    Map<Instant, List<BilledCall>> bySpan = new TreeMap<>();
    for (BilledCall call : calls.between(from, to, asked)) {
      bySpan.computeIfAbsent(spanStart(spans, call.at()), s -> new ArrayList<>()).add(call);
    }
    List<Map<String, Object>> points = new ArrayList<>();
    bySpan.forEach((spanStart, inSpan) -> {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("start", spanStart.getEpochSecond());
      point.put("end", spanEnd(spans, spanStart).getEpochSecond());
      if (metrics.contains(Metric.COUNT)) {
        point.put("count", inSpan.size());
      }
      if (metrics.contains(Metric.COST)) {
        point.put("cost", inSpan.stream().map(BilledCall::cost).reduce(BigDecimal.ZERO, BigDecimal::add));
      }
      if (metrics.contains(Metric.AVERAGE_DURATION)) {
        point.put("average_duration", BigDecimal.valueOf(inSpan.stream().mapToLong(BilledCall::connectedSeconds).sum())
            .divide(BigDecimal.valueOf(inSpan.size()), 0, RoundingMode.HALF_UP).longValue());
      }
      points.add(point);
    });
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("granularity", spans.name());
    series.put("data_points", points);
    return Map.of("data", List.of(series), "id", account);
  }

  private static Instant spanStart(Granularity spans, Instant at) {
    return switch (spans) {
      case HALF_HOUR -> Instant.ofEpochSecond(at.getEpochSecond() - Math.floorMod(at.getEpochSecond(), 1_800));
      case DAILY -> LocalDate.ofInstant(at, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
      case MONTHLY -> LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    };
  }

  private static Instant spanEnd(Granularity spans, Instant spanStart) {
    return switch (spans) {
      case HALF_HOUR -> spanStart.plus(Duration.ofMinutes(30));
      case DAILY -> spanStart.plus(Duration.ofDays(1));
      case MONTHLY -> LocalDate.ofInstant(spanStart, ZoneOffset.UTC).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    };
  }

  private static Instant unixSeconds(String name, String value) {
    if (value == null || value.isBlank()) {
      throw GraphError.invalidParameter("The parameter " + name + " is required: UNIX seconds");
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      throw GraphError.invalidParameter("The parameter " + name + " must be UNIX seconds, not '" + value + "'");
    }
  }

  private static <E extends Enum<E>> E oneOf(Class<E> type, String name, String value) {
    if (value == null || value.isBlank()) {
      throw GraphError.invalidParameter("The parameter " + name + " is required: one of "
          + Arrays.toString(type.getEnumConstants()));
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GraphError.invalidParameter("The parameter " + name + " must be one of "
          + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
    }
  }

  /** A JSON array of names ({@code ["COST","COUNT"]}); every value when left out. */
  private static <E extends Enum<E>> Set<E> listOf(Class<E> type, String name, String value) {
    if (value == null || value.isBlank()) {
      return EnumSet.allOf(type);
    }
    String[] names;
    try {
      names = JSON.readValue(value, String[].class);
    } catch (JsonProcessingException e) {
      throw GraphError.invalidParameter("The parameter " + name + " must be a JSON array of names, not '" + value + "'");
    }
    Set<E> set = EnumSet.noneOf(type);
    for (String each : names) {
      set.add(oneOf(type, name, each));
    }
    return set;
  }
}
