package io.wacall.benchmark;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark command: starts the embedded stack as its own process (or attaches to a running
 * one), warms it up, measures, prints a table and writes it with its JSON next to it. Each figure
 * stands next to a baseline measured in the same run on the same machine (the webhook handshake
 * for the webhook; bare libphonenumber for rating), so that a busy machine moves both alike.
 * Run by hand, never by the tests; see the README's Benchmark section.
 *
 * <pre>
 * ./mvnw -q -B -pl embedded,benchmark -am package -DskipTests
 * java -jar benchmark/target/wacall-benchmark.jar [--quick] [--out=benchmark/target/benchmark]
 *     [--url=http://127.0.0.1:8080 --management-url=http://127.0.0.1:8081 --temporal=127.0.0.1:7233]
 *     [--jdbc=jdbc:postgresql://127.0.0.1:5432/postgres] (attached: the stack's database, for lists)
 *     [--jar=embedded/target/wacall-embedded-0.1.0-SNAPSHOT.jar] [--only=webhook,lifecycle,ring,costs,memory,callmemory,lists,year,rating]
 *     [--stack-heap=1g] [--stack-jvm="-XX:StartFlightRecording=filename=stack.jfr"]
 * </pre>
 */
public final class WacallBenchmark {
  private WacallBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    List<String> only = List.of(arg(args, "only", "webhook,lifecycle,ring,costs,memory,callmemory,lists,year,rating").split(","));
    Path out = Path.of(arg(args, "out", "benchmark/target/benchmark-" + (quick ? "quick-" : "")
        + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "")));
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("loadAverageAtStart", RatingBenchmark.loadAverage());
    machine.put("mode", quick ? "quick" : "full");
    Report report = new Report(machine);

    if (only.stream().anyMatch(List.of("webhook", "lifecycle", "ring", "costs", "memory", "callmemory", "lists")::contains)) {
      againstTheStack(args, out, quick, only, machine, report);
    }
    if (only.contains("year")) {
      year(quick ? 2 : 4, report);
    }
    if (only.contains("rating")) {
      rating(quick, report);
    }
    machine.put("loadAverageAtEnd", RatingBenchmark.loadAverage());
    System.out.println();
    System.out.print(report.table());
    System.out.println("written: " + report.write(out) + " and " + out + ".md");
  }

  /** The sections measured against the stack: it is started (or attached to) for them alone. */
  private static void againstTheStack(String[] args, Path out, boolean quick, List<String> only,
      Map<String, Object> machine, Report report) throws Exception {
    String url = arg(args, "url", null);
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + arg(args, "stack-heap", "1g"), "-XX:+UseG1GC"));
    String extraJvm = arg(args, "stack-jvm", null); // e.g. a flight recording: -XX:StartFlightRecording=filename=x.jfr
    if (extraJvm != null) {
      jvm.addAll(List.of(extraJvm.split(" ")));
    }
    try (Stack stack = url != null
        ? Stack.attach(url, arg(args, "management-url", url.replaceFirst(":(\\d+)$", ":8081")),
            arg(args, "temporal", "127.0.0.1:7233"), arg(args, "jdbc", null))
        : Stack.launch(Path.of(arg(args, "jar", Stack.defaultJar().toString())), jvm, Path.of(out + "-stack.log"))) {
      machine.put("stack", url != null ? "attached to " + url : "embedded stack, own process, " + jvm);
      System.out.println("wacall benchmark: " + machine.get("stack") + " (API " + stack.baseUrl + ", Temporal "
          + stack.temporalTarget + ")");
      if (only.contains("webhook")) {
        webhook(stack, quick, report);
      }
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget).build());
      try {
        WorkflowClient temporal = WorkflowClient.newInstance(stubs);
        if (only.contains("lifecycle")) {
          lifecycle(new CallThroughput(stack, temporal), quick, report);
        }
        if (only.contains("ring")) {
          firstRing(stack, new CallThroughput(stack, temporal), quick, report);
        }
        if (only.contains("costs")) {
          costs(new CallCosts(stack, temporal), report);
        }
        // the call workflows first: the permission section's 10,000 workflow threads take a while
        // to go after its worker stops, and would be counted in the baseline of the next
        if (only.contains("callmemory")) {
          callMemory(temporal, quick ? 1_000 : 4_000, report);
        }
        if (only.contains("memory")) {
          memory(temporal, quick ? 2_000 : 10_000, report);
        }
        if (only.contains("lists")) {
          new ListPages(stack).measure(quick ? 100_000 : 1_000_000, report);
        }
      } finally {
        stubs.shutdown();
      }
    }
  }

  private static void webhook(Stack stack, boolean quick, Report report) throws Exception {
    Duration warmup = Duration.ofSeconds(quick ? 5 : 20);
    Duration duration = Duration.ofSeconds(quick ? 10 : 30);
    System.out.println("webhook acknowledgement, open loop: warm-up " + warmup.toSeconds() + " s, then "
        + duration.toSeconds() + " s per rate and request (load average " + RatingBenchmark.loadAverage() + ")");
    List<WebhookLatency.Row> rows = new WebhookLatency(stack).measure(new int[] {200, 500}, warmup, duration);
    report.section("Webhook acknowledgement, open loop (" + duration.toSeconds() + " s per line, latency from "
            + "when each request was due)",
        "| rate/s | request | sent | p50 ms | p99 ms | p99.9 ms | max ms | errors | p50 / handshake | p99 / handshake |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    List<Map<String, Object>> json = new ArrayList<>();
    OpenLoop.Result floor = null;
    for (WebhookLatency.Row row : rows) {
      OpenLoop.Result r = row.result();
      boolean baseline = row.what().startsWith("handshake");
      if (baseline) {
        floor = r;
      }
      double p50 = r.percentileMillis(50);
      double p99 = r.percentileMillis(99);
      report.row("| %d | %s | %d | %.2f | %.2f | %.2f | %.2f | %d | %s | %s |", row.rate(), row.what(), r.sent(),
          p50, p99, r.percentileMillis(99.9), r.micros().getMaxValue() / 1000.0, r.errors(),
          baseline ? "1.00" : String.format("%.2f", p50 / floor.percentileMillis(50)),
          baseline ? "1.00" : String.format("%.2f", p99 / floor.percentileMillis(99)));
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("rate", row.rate());
      j.put("request", row.what());
      j.put("sent", r.sent());
      j.put("p50Ms", p50);
      j.put("p99Ms", p99);
      j.put("p999Ms", r.percentileMillis(99.9));
      j.put("maxMs", r.micros().getMaxValue() / 1000.0);
      j.put("errors", r.errors());
      j.put("firstError", r.firstError());
      json.add(j);
    }
    report.put("webhookAcknowledgement", json);
    report.note("Goal: webhook p50 and p99 within 1.5x of the handshake's at 200/s; no error at 500/s.");
  }

  private static void lifecycle(CallThroughput throughput, boolean quick, Report report) throws Exception {
    int calls = quick ? 20 : 100;
    int concurrency = quick ? 5 : 10;
    System.out.println("call lifecycle: " + calls + " answered inbound calls, " + concurrency
        + " at a time, then as many bare workflows of the same shape (load average " + RatingBenchmark.loadAverage() + ")");
    CallThroughput.Lifecycle r = throughput.lifecycle(calls, concurrency, quick ? 5 : 10);
    report.section("Call lifecycle: " + r.calls() + " answered inbound calls end to end, " + r.concurrency()
            + " at a time, against a bare workflow of the same shape " + r.shape(),
        "| run | calls/s | billable actions per call | ratio to bare |", "| --- | ---: | ---: | ---: |");
    report.row("| wacall, through the real edges | %.2f | %d | %.2f |", r.wacallPerSecond(), r.wacallActions(), r.ratio());
    report.row("| bare Temporal workflow, same shape | %.2f | %d | 1.00 |", r.barePerSecond(), r.bareActions());
    report.note("Where a wacall call's time goes (the client's view, every call of the run):");
    report.row("");
    report.row("| phase | p50 ms | p99 ms |");
    report.row("| --- | ---: | ---: |");
    Map<String, Object> phases = new LinkedHashMap<>();
    throughput.phases.forEach((phase, h) -> {
      report.row("| %s | %.1f | %.1f |", phase, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
      phases.put(phase, Map.of("p50Ms", h.getValueAtPercentile(50) / 1000.0, "p99Ms", h.getValueAtPercentile(99) / 1000.0));
    });
    report.put("callLifecyclePhases", phases);
    report.note("The last call's history, by the server's clock (ms since the start, ms since the event before):");
    report.row("");
    report.row("| event | ms | +ms | what |");
    report.row("| ---: | ---: | ---: | --- |");
    r.lastCallTimeline().forEach(line -> report.row("%s", line));
    report.put("callLifecycle", r);
    report.put("callLifecycleRatio", r.ratio());
    report.note("Goal: ratio >= 0.8. Both poll every " + CallDriver.POLL.toMillis() + " ms for the ringing and the end; "
        + "the customer hangs up as soon as the call is accepted (talk 0 s).");
  }

  private static void firstRing(Stack stack, CallThroughput throughput, boolean quick, Report report)
      throws Exception {
    Duration duration = Duration.ofSeconds(quick ? 10 : 30);
    System.out.println("connect to first ring: " + duration.toSeconds() + " s of samples under 20 calls/s");
    CallThroughput.FirstRing r = throughput.firstRing(stack, 20, duration, 2);
    report.section("Connect to first ring under a background load of " + r.backgroundPerSecond() + " calls/s",
        "| samples | p50 ms | p99 ms | max ms | errors |", "| ---: | ---: | ---: | ---: | ---: |");
    report.row("| %d | %.1f | %.1f | %.1f | %d |", r.samples(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.errors());
    report.put("connectToFirstRing", r);
    report.note("From the sandbox customer's call (the connect webhook) until the primary agent's ringing list, "
        + "polled every 5 ms, shows it. Goal: p99 <= 100 ms.");
  }

  private static void costs(CallCosts costs, Report report) throws Exception {
    System.out.println("cost per call: driving one call of each type through the real edges");
    List<CallCosts.Row> rows = costs.measure();
    report.section("Cost per call, from the real histories (ActionCounter, the action-budget tests' rules; "
            + "$" + CallCosts.DOLLARS_PER_MILLION_ACTIONS + " per million actions)",
        "| call | billable actions | history events | $ per 1,000 |", "| --- | ---: | ---: | ---: |");
    List<Map<String, Object>> json = new ArrayList<>();
    for (CallCosts.Row row : rows) {
      report.row("| %s | %d | %d | %s |", row.what(), row.actions(), row.events(), row.dollarsPer1000());
      json.add(Map.of("call", row.what(), "workflowId", row.workflowId(), "actions", row.actions(),
          "historyEvents", row.events(), "dollarsPer1000", row.dollarsPer1000()));
    }
    report.put("costPerCall", json);
    report.note("The permission cycle's workflow is still running (its grant lasts 7 days): its figures are "
        + "its history so far.");
  }

  private static void memory(WorkflowClient temporal, int open, Report report) throws Exception {
    System.out.println("open CallPermission workflows: " + open + " permanent grants, cached by a worker in this process");
    OpenPermissions.Result r = OpenPermissions.measure(temporal, open);
    heapTable(report, "Worker heap per open CallPermission workflow (" + r.open() + " permanent grants, all cached)",
        "started in s", "openPermissionWorkflows", r);
    report.note("Heap after a full collection, in the benchmark's own worker (the real CallPermissionWorkflowImpl, "
        + "activities that do nothing). A cached workflow also parks one workflow thread (Java 17: a platform thread, "
        + "its stack outside the heap).");
  }

  private static void callMemory(WorkflowClient temporal, int open, Report report) throws Exception {
    System.out.println("open call workflows: " + open + " connected inbound calls, cached by a worker in this process");
    OpenPermissions.Result r = OpenCalls.measure(temporal, open);
    heapTable(report, "Worker heap per open call workflow (" + r.open() + " connected inbound calls, all cached)",
        "connected in s", "openCallWorkflows", r);
    report.note("Heap after a full collection, in the benchmark's own worker (the real InboundCallWorkflowImpl: "
        + "connect webhook, ring, answer update, then connected and waiting for the terminate; activities that do "
        + "nothing). Each cached workflow also parks one workflow thread.");
  }

  /** One open-workflows memory figure: its table row and its JSON under {@code key}. */
  private static void heapTable(Report report, String title, String secondsColumn, String key,
      OpenPermissions.Result r) {
    report.section(title,
        "| open | heap before MB | heap after MB | heap bytes per workflow | process RSS bytes per workflow | threads before | threads after | " + secondsColumn + " |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    report.row("| %d | %.1f | %.1f | %,d | %,d | %d | %d | %.1f |", r.open(), r.heapBefore() / 1e6, r.heapAfter() / 1e6,
        r.bytesPerWorkflow(), r.rssBytesPerWorkflow(), r.threadsBefore(), r.threadsAfter(), r.seconds());
    report.put(key, Map.of("open", r.open(), "heapBeforeBytes", r.heapBefore(),
        "heapAfterBytes", r.heapAfter(), "bytesPerWorkflow", r.bytesPerWorkflow(), "rssBytesPerWorkflow",
        r.rssBytesPerWorkflow(), "threadsBefore", r.threadsBefore(), "threadsAfter", r.threadsAfter()));
  }


  private static void year(int callsPerDay, Report report) {
    System.out.println("a permanent grant through a simulated year, " + callsPerDay + " connected calls a day");
    PermissionYear.Result r = PermissionYear.simulate(365, callsPerDay);
    report.section("A permanent grant through a simulated year (time skipping), " + callsPerDay
            + " connected calls a day", "| days | calls | runs | longest history (events) | events in all | billable actions |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |");
    report.row("| %d | %d | %d | %d | %d | %d |", r.days(), r.calls(), r.runs(), r.longestHistory(), r.totalEvents(),
        r.actions());
    report.put("permissionYear", r);
    report.note("Each run continues as new before its history passes 2,000 events (or when the server suggests it).");
  }

  private static void rating(boolean quick, Report report) throws Exception {
    RatingBenchmark.Figures f = RatingBenchmark.measure(quick ? 200_000 : 1_000_000, quick ? 3 : 5, quick ? 1 : 2);
    report.section("Rating (single thread, median of the rounds)", "| work | numbers/s | / bare parse |",
        "| --- | ---: | ---: |");
    report.row("| bare libphonenumber parse | %,.0f | 1.00 |", f.parse());
    report.row("| region (parse, region, validity) | %,.0f | %.2f |", f.region(), f.region() / f.parse());
    report.row("| rated (region, market, pulses, tier, amount) | %,.0f | %.2f |", f.rated(), f.ratio());
    report.put("rating", Map.of("parsePerSecond", f.parse(), "regionPerSecond", f.region(),
        "ratedPerSecond", f.rated(), "ratedOverParse", f.ratio()));
    report.note("Goal: rated / bare parse >= 0.5.");
  }

  static String arg(String[] args, String name, String fallback) {
    for (String a : args) {
      if (a.startsWith("--" + name + "=")) {
        return a.substring(name.length() + 3);
      }
    }
    return fallback;
  }
}
