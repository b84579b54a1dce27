package io.wacall.workflows.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The directory's records as they travel between activities and workflows: through Temporal's
 * default data converter, as JSON another language can read (durations and instants as ISO-8601).
 */
class DirectoryPayloadJsonTest {
  static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();
  static final ObjectMapper JSON = new ObjectMapper();

  static final Routing ROUTING = new Routing("106540352242922", "+5511955550123", "BR", true,
      List.of(new RingMember("a-1", "Ana", AgentChannel.WEB_APP, true),
          new RingMember("a-2", "Bruno", AgentChannel.MOBILE_APP, false)),
      Duration.ofSeconds(20), Duration.ofHours(1), true, List.of("Resolved", "No Answer"), Duration.ofSeconds(45));

  @Test
  void routingSurvivesTemporalsConverterWithMembersInRingOrder() {
    Routing back = roundTrip(ROUTING, Routing.class);

    assertThat(back).isEqualTo(ROUTING);
    assertThat(back.members()).extracting(RingMember::agentId).containsExactly("a-1", "a-2");
  }

  @Test
  void routingDurationsAreIso8601StringsAndEnumsTheirNames() throws Exception {
    JsonNode json = JSON.readTree(CONVERTER.toPayload(ROUTING).orElseThrow().getData().toStringUtf8());

    assertThat(json.path("ringTimeout").asText()).isEqualTo("PT20S");
    assertThat(json.path("wrapUp").asText()).isEqualTo("PT1H");
    assertThat(json.path("maxTotalRing").asText()).isEqualTo("PT45S");
    assertThat(json.path("members").get(1).path("channel").asText()).isEqualTo("MOBILE_APP");
    assertThat(json.path("businessInitiatedCallingAllowed").asBoolean()).isTrue();
  }

  @Test
  void routingWithoutACeilingGetsMetasDefaultOf55Seconds() {
    Routing nineArguments = new Routing("1", "+5511955550123", "BR", true, List.of(), Duration.ofSeconds(20),
        Duration.ofHours(1), false, List.of("Resolved"));
    assertThat(nineArguments.maxTotalRing()).isEqualTo(Duration.ofSeconds(55));

    Payload olderJson = Payload.newBuilder()
        .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
        .setData(com.google.protobuf.ByteString.copyFromUtf8("""
            {"phoneNumberId":"1","displayNumber":"+5511955550123","businessCountry":"BR",
             "businessInitiatedCallingAllowed":true,"ringTimeout":"PT20S","wrapUp":"PT1H",
             "callbackRequestsEnabled":false}"""))
        .build();
    Routing parsed = CONVERTER.fromPayload(olderJson, Routing.class, Routing.class);
    assertThat(parsed.maxTotalRing()).isEqualTo(Routing.DEFAULT_MAX_TOTAL_RING);
    assertThat(parsed.members()).isEmpty();
    assertThat(parsed.dispositionTags()).isEmpty();
  }

  @Test
  void aConversationEventAndARingingCallSurviveTheConverter() {
    ConversationEvent event = new ConversationEvent("106540352242922", "5521987650001",
        Instant.parse("2026-06-01T10:00:00Z"), ConversationEventKind.MISSED_CALL, "inbound-call:wacid.1",
        Map.of("ringGroupSize", 3, "reason", "nobody answered"));
    RingingCall ringing = new RingingCall("inbound-call:wacid.1", "a-1", "106540352242922", "5521987650001",
        Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T10:00:20Z"));

    assertThat(roundTrip(event, ConversationEvent.class)).isEqualTo(event);
    assertThat(roundTrip(ringing, RingingCall.class)).isEqualTo(ringing);
  }

  private static <T> T roundTrip(T value, Class<T> type) {
    Optional<Payload> payload = CONVERTER.toPayload(value);
    return CONVERTER.fromPayload(payload.orElseThrow(), type, type);
  }
}
