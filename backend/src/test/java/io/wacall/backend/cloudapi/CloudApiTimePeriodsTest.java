package io.wacall.backend.cloudapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Meta's limit windows (docs/meta-cloud-api.md#time-periods) as Durations. */
class CloudApiTimePeriodsTest {
  @ParameterizedTest(name = "{0} is {1} hours")
  @CsvSource({"PT24H, 24", "P7D, 168", "P1W, 168", "P1DT12H, 36", "pt1h, 1"})
  void metasIsoWindowsBecomeDurations(String iso, long hours) {
    assertThat(TimePeriods.parse(iso)).isEqualTo(Duration.ofHours(hours));
  }

  @ParameterizedTest(name = "[{0}] has no fixed length")
  @NullAndEmptySource
  @ValueSource(strings = {"P1M", "P1Y", "24h", "garbage"})
  void windowsWithoutAFixedLengthAreNull(String iso) {
    assertThat(TimePeriods.parse(iso)).isNull();
  }

  @Test
  void sevenDaysIsTheSevenDayPermissionRequestWindow() {
    assertThat(TimePeriods.parse("P7D")).isEqualTo(Duration.ofDays(7));
  }
}
