package io.wacall.api.billing;

import io.wacall.backend.billing.Csv;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes a text/csv response row by row, for finance's spreadsheets. */
final class CsvResponse {
  static final String TEXT_CSV = "text/csv";

  private final PrintWriter out;

  private CsvResponse(PrintWriter out) {
    this.out = out;
  }

  static CsvResponse start(HttpServletResponse response, String filename, String... header) {
    response.setContentType(TEXT_CSV);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    try {
      CsvResponse csv = new CsvResponse(response.getWriter());
      csv.row((Object[]) header);
      return csv;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void row(Object... fields) {
    out.print(Arrays.stream(fields).map(f -> Csv.quote(f == null ? "" : f.toString()))
        .collect(Collectors.joining(",")));
    out.print("\r\n"); // RFC 4180
  }

  void finish() {
    out.flush();
  }
}
