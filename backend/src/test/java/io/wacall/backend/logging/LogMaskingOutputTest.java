package io.wacall.backend.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a wacall process really prints, with the shared {@code application.yml}: the console
 * pattern and each of Spring Boot's structured formats. Each case runs {@link LogMaskingSample} in
 * a JVM of its own (logback is set up once per JVM) and reads its standard output.
 */
class LogMaskingOutputTest {
  /** Ten digits or more, with at most two separator characters between two digits: a number in clear. */
  private static final Pattern CLEAR_NUMBER = Pattern.compile("\\d(?:[ .()+-]{0,2}\\d){9,}");
  private static final List<String> IN_CLEAR = List.of("98765-4321", "5521987650201", "555-0100", "447700900123",
      "106540352242922", "5521987650203");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theConsolePatternMasksTheMessageTheWorkflowIdAndTheStackTraceWithItsCause() throws Exception {
    String out = run();
    assertThat(out).doesNotContain(IN_CLEAR).doesNotContainPattern(CLEAR_NUMBER);
    String line = out.lines().filter(l -> l.contains("call to")).findFirst().orElseThrow(() -> new AssertionError(out));
    assertThat(out).containsPattern("\\[] i\\.w\\.backend\\.logging\\.LogMaskingSample +: started, no workflow");
    assertThat(line).contains("[permission:10****2922:44****0123 SendPermissionRequest]",
        "call to +55****4321 failed at 2026-12-01T18:42:20Z after PT45S (HTTP 503)");
    assertThat(out).contains("java.lang.IllegalStateException: customer 55****0201 unreachable",
        "Caused by: java.lang.RuntimeException: cause: +14****0100 refused",
        "at io.wacall.backend.logging.LogMaskingSample.main(LogMaskingSample.java:");
    assertThat(out.split("IllegalStateException", -1)).as("the stack trace is printed once: " + out).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ecs", "logstash", "gelf"})
  void structuredLogsMaskEveryValue(String format) throws Exception {
    String out = run("--logging.structured.format.console=" + format);
    JsonNode event = null;
    for (String line : out.lines().toList()) {
      if (line.startsWith("{") && line.contains("call to")) {
        event = JSON.readTree(line);
      }
    }
    assertThat(event).as(format + " output: " + out).isNotNull();
    List<String> values = new ArrayList<>();
    collect(event, "", values);
    assertThat(values).allSatisfy(v -> assertThat(v).doesNotContain(IN_CLEAR));
    assertThat(values).filteredOn(v -> !v.contains("timestamp=")).as("every value but the event's own time")
        .allSatisfy(v -> assertThat(v).doesNotContainPattern(CLEAR_NUMBER));
    String all = String.join("\n", values);
    assertThat(all).contains("call to +55****4321 failed at 2026-12-01T18:42:20Z after PT45S (HTTP 503)",
        "permission:10****2922:44****0123", "55****0203", "customer 55****0201 unreachable",
        "Caused by: java.lang.RuntimeException: cause: +14****0100 refused");
  }

  /** Every text and whole number in a JSON tree, as {@code path=value}. */
  private static void collect(JsonNode node, String path, List<String> values) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        collect(field.getValue(), path + "/" + field.getKey(), values);
      }
    } else if (node.isArray()) {
      node.forEach(item -> collect(item, path + "[]", values));
    } else if (node.isTextual() || node.isIntegralNumber()) {
      values.add(path + "=" + node.asText());
    }
  }

  private static String run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LogMaskingSample.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
