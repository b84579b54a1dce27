package io.wacall.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's output: a table (printed and written as Markdown) and the same figures as JSON. */
final class Report {
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final Map<String, Object> machine;
  private final List<String> lines = new ArrayList<>();

  Report(Map<String, Object> machine) {
    this.machine = machine;
    json.put("machine", machine);
  }

  void section(String title, String header, String separator) {
    lines.add("");
    lines.add("### " + title);
    lines.add("");
    lines.add(header);
    lines.add(separator);
  }

  void row(String format, Object... args) {
    lines.add(String.format(Locale.ROOT, format, args));
  }

  void note(String text) {
    lines.add("");
    lines.add(text);
  }

  void put(String key, Object value) {
    json.put(key, value);
  }

  String table() {
    return "machine: " + machine + "\n" + String.join("\n", lines) + "\n";
  }

  /** Writes {@code <base>.json} and {@code <base>.md}; returns the JSON's path. */
  Path write(Path base) throws IOException {
    Files.createDirectories(base.toAbsolutePath().getParent());
    Path jsonFile = Path.of(base + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules()
        .writeValue(jsonFile.toFile(), json);
    Files.writeString(Path.of(base + ".md"), table());
    return jsonFile;
  }
}
