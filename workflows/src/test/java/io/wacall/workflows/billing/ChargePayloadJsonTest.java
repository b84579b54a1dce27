package io.wacall.workflows.billing;

import io.wacall.contract.call.view.CallDirection;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The activity's payloads as other languages see them: Temporal's default JSON. */
class ChargePayloadJsonTest {
  private final DefaultDataConverter converter = DefaultDataConverter.newDefaultInstance();

  @Test
  void chargeRequestIsCamelCaseJsonWithAnIsoInstant() {
    ChargeRequest request = new ChargeRequest("wacid.1", CallDirection.BUSINESS_INITIATED, "1234",
        "+5215512345678", Instant.parse("2026-05-01T10:00:00Z"), 56);
    String json = json(request);
    assertThat(json).contains("\"callId\":\"wacid.1\"")
        .contains("\"direction\":\"BUSINESS_INITIATED\"")
        .contains("\"phoneNumberId\":\"1234\"")
        .contains("\"customerNumber\":\"+5215512345678\"")
        .contains("\"connectedAt\":\"2026-05-01T10:00:00Z\"")
        .contains("\"connectedSeconds\":56");
    assertThat(roundTrip(request, ChargeRequest.class)).isEqualTo(request);
  }

  @Test
  void chargeRecordCarriesMoneyAsExactDecimalStrings() {
    ChargeRecord record = new ChargeRecord("wacid.1", CallDirection.BUSINESS_INITIATED, "1234", "MX",
        "Mexico", Instant.parse("2026-05-01T10:00:00Z"), 56, 10, new BigDecimal("0.0094"),
        new BigDecimal("0.00940"), "USD", 3, 1, 0L, Instant.parse("2026-05-01T10:01:00.123456Z"));
    String json = json(record);
    assertThat(json).contains("\"ratePerMinute\":\"0.0094\"")
        .contains("\"amount\":\"0.00940\"")
        .contains("\"chargedAt\":\"2026-05-01T10:01:00.123456Z\"");
    assertThat(roundTrip(record, ChargeRecord.class)).isEqualTo(record);
  }

  private String json(Object value) {
    Optional<Payload> payload = converter.toPayload(value);
    return payload.orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }

  private <T> T roundTrip(T value, Class<T> type) {
    return converter.fromPayload(converter.toPayload(value).orElseThrow(), type, type);
  }
}
