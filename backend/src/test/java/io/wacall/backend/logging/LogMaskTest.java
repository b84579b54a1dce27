package io.wacall.backend.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogMaskTest {
  /** Ten digits or more, with at most one separator between two digits: a number in clear. */
  private static final Pattern CLEAR_NUMBER = Pattern.compile("\\d(?:[ .()+-]{0,2}\\d){9,}");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      # written as                                     | logged as
      447700900123                                     | 44****0123
      5521987650201                                    | 55****0201
      +5521987650201                                   | +55****0201
      +55 21 98765-4321                                | +55****4321
      +1 (415) 555-0100                                | +14****0100
      (415) 555-0100                                   | 41****0100
      44 7700 900123                                   | 44****0123
      +44 (0)20 7946 0958                              | +44****0958
      +33 6 12 34 56 78                                | +33****5678
      06.12.34.56.78                                   | 06****5678
      415.555.0100                                     | 41****0100
      415-555-0100                                     | 41****0100
      permission:106540352242922:447700900123          | permission:10****2922:44****0123
      outbound-call:crm-42-5521987650202               | outbound-call:crm-42****0202
      `call to +55 21 98765-4321 failed`               | `call to +55****4321 failed`
      `customer (5521987650201) unreachable`           | `customer (55****0201) unreachable`
      wa_id=447700900123,from=5521987650201            | wa_id=44****0123,from=55****0201
      5521987650201.                                   | 55****0201.
      5521987650201.5                                  | 55****2015
      `{"wa_id":"447700900123"}`                       | `{"wa_id":"44****0123"}`
      """)
  void masksNumbersKeepingTheFirstTwoAndLastFourDigits(String written, String logged) {
    assertThat(LogMask.mask(written)).isEqualTo(logged);
    assertThat(LogMask.mask(written)).doesNotContainPattern(CLEAR_NUMBER);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "2026-12-01T18:42:20Z",
      "2026-12-01T18:42:20.123456789Z",
      "2026-12-01 18:42:20",
      "2026-12-01 18:42:20,123",
      "2026-12-01T18:42:20+01:00",
      "from 2026-11-24T00:00:00Z to 2026-12-01T00:00:00Z",
      "PT45S",
      "PT168H",
      "retried in PT0.5S",
      "Tomcat started on port 8080 (http) with context path '/'",
      "HTTP 429, Retry-After: 86400",
      "127.0.0.1:7233",
      "192.168.100.200:8081",
      "temporal-sdk 1.39.0, spring-boot 3.5.7",
      "123e4567-e89b-12d3-a456-426614174000",
      "RunId=12345678-1234-1234-1234-123456789012",
      "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NjQ4MEU4QTY0NUQ3MgA=",
      "wacid.HBgLMTU1MjE5ODc2NTAyMDEVAgASGCA5",
      "amount 12345678.90 USD",
      "0.0094 USD per minute, 10 pulses",
      "1 request in 24 h, 2 in 7 days",
      "event 123456789 of 987654321",
      "at io.wacall.backend.activity.CallActivitiesImpl.ring(CallActivitiesImpl.java:123)",
      "... 42 common frames omitted",
      ""})
  void leavesEverythingElseReadable(String text) {
    assertThat(LogMask.mask(text)).isSameAs(text);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1767225600", "1767225600123"})
  void epochTimestampsOfTenDigitsOrMoreCannotBeToldFromANumber_andAreMasked(String epoch) {
    assertThat(LogMask.mask(epoch)).startsWith(epoch.substring(0, 2) + "****").endsWith(epoch.substring(epoch.length() - 4));
  }

  @Test
  void masksStackTraces_causesIncluded_frameLinesUntouched() {
    String trace = "java.lang.IllegalStateException: customer +55 21 98765-4321 unreachable\n"
        + "\tat io.wacall.X.run(X.java:12)\n"
        + "Caused by: java.lang.RuntimeException: 5521987650201\n"
        + "\t... 3 common frames omitted";
    assertThat(LogMask.mask(trace)).isEqualTo("java.lang.IllegalStateException: customer +55****4321 unreachable\n"
        + "\tat io.wacall.X.run(X.java:12)\n"
        + "Caused by: java.lang.RuntimeException: 55****0201\n"
        + "\t... 3 common frames omitted");
  }

  @Test
  void masksJsonValues() {
    String json = "{\"message\":\"to 447700900123\",\"error\":{\"stack_trace\":\"x: +1 (415) 555-0100\\n\\tat a.B(B.java:1)\"}}";
    assertThat(LogMask.mask(json)).isEqualTo(
        "{\"message\":\"to 44****0123\",\"error\":{\"stack_trace\":\"x: +14****0100\\n\\tat a.B(B.java:1)\"}}");
  }

  @Test
  void nullStaysNull() {
    assertThat(LogMask.mask(null)).isNull();
  }
}
