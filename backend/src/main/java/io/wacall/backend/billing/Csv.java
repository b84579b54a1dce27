package io.wacall.backend.billing;

import java.util.ArrayList;
import java.util.List;

/** The little CSV the billing data files and uploads need: RFC 4180 quoting, one record a line. */
public final class Csv {
  private Csv() {}

  /** A physical line of a CSV text, numbered from 1 as an editor shows it. */
  public record Line(int number, String text) {
    /** Blank lines and lines starting with '#' carry no data. */
    public boolean isData() {
      return !text.isBlank() && !text.stripLeading().startsWith("#");
    }
  }

  public static List<Line> lines(String text) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text; // Excel's byte-order mark
    String[] raw = body.split("\r\n|\n|\r", -1);
    List<Line> lines = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      lines.add(new Line(i + 1, raw[i]));
    }
    return lines;
  }

  /** The fields of one line, trimmed; a quoted field may hold commas and doubled quotes. */
  public static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.toString().isBlank()) {
        quoted = true;
        wasQuoted = true;
        field.setLength(0);
      } else if (c == ',') {
        fields.add(wasQuoted ? field.toString() : field.toString().strip());
        field.setLength(0);
        wasQuoted = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted field is not closed");
    }
    fields.add(wasQuoted ? field.toString() : field.toString().strip());
    return fields;
  }

  /** One field for output, quoted when it needs to be. */
  public static String quote(String value) {
    if (value == null) {
      return "";
    }
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
