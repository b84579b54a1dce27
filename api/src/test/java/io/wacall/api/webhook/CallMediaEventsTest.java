package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.workflows.media.MediaKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on Meta's recording and transcript webhooks (docs/meta-cloud-api.md#call-recording). */
class CallMediaEventsTest {
  private final WebhookPayloadParser parser = new WebhookPayloadParser();

  @Test
  void aRecordingAvailableItemIsACallMediaEvent_notACallEvent() {
    CallMediaEvent event = only("call-recording-available");
    assertThat(event.kind()).isEqualTo(WebhookEventKind.CALL_MEDIA);
    assertThat(event.mediaKind()).isEqualTo(MediaKind.RECORDING);
    assertThat(event.callId()).isEqualTo(WebhookSamples.UIC_WACID);
    assertThat(event.phoneNumberId()).isEqualTo(WebhookSamples.PHONE_NUMBER_ID);
    assertThat(event.waId()).isEqualTo(WebhookSamples.CUSTOMER);
    assertThat(event.mediaId()).isEqualTo("1038572903842817");
    assertThat(event.sha256()).isEqualTo("kCe8XW7RdF1c5hpHZ2tNVPsT+Dl4LDS0UAZGsXbN0yc=");
    assertThat(event.mimeType()).isEqualTo("audio/ogg; codecs=opus");
    assertThat(event.dedupeKey()).isEqualTo("call:" + WebhookSamples.UIC_WACID + ":call_recording_available");
  }

  @Test
  void aTranscriptionAvailableItemIsACallMediaEventWithItsDocument() {
    CallMediaEvent event = only("call-transcription-available");
    assertThat(event.mediaKind()).isEqualTo(MediaKind.TRANSCRIPT);
    assertThat(event.mediaId()).isEqualTo("1209384756102938");
    assertThat(event.mimeType()).isEqualTo("application/json");
  }

  @Test
  void withoutItsMediaObjectOrWithAChecksumThatIsNeitherBase64NorHex_theItemIsMalformed() {
    ObjectNode noAudio = json("call-recording-available");
    call(noAudio).remove("call_recording");
    assertThat(parser.parse(noAudio).get(0).problem()).contains("no call_recording.audio");

    ObjectNode badSha = json("call-recording-available");
    ((ObjectNode) call(badSha).path("call_recording").path("audio")).put("sha256", "not a checksum!");
    List<ParsedWebhookEvent> parsed = parser.parse(badSha);
    assertThat(parsed.get(0).isMalformed()).isTrue();
    assertThat(parsed.get(0).problem()).contains("neither hex nor base64");
  }

  @Test
  void anyOtherUnknownCallEventStaysACallEvent_whichTheRouterStoresAsIgnored() {
    ObjectNode other = json("call-recording-available");
    call(other).put("event", "media_update");
    ParsedWebhookEvent parsed = parser.parse(other).get(0);
    assertThat(parsed.kind()).isEqualTo(WebhookEventKind.CALL);
    assertThat(((MetaCallEvent) parsed.event()).isConnect()).isFalse();
    assertThat(((MetaCallEvent) parsed.event()).isTerminate()).isFalse();
  }

  private CallMediaEvent only(String sample) {
    List<ParsedWebhookEvent> parsed = parser.parse(json(sample));
    assertThat(parsed).hasSize(1);
    assertThat(parsed.get(0).problem()).isNull();
    return (CallMediaEvent) parsed.get(0).event();
  }

  private static ObjectNode call(ObjectNode document) {
    return (ObjectNode) document.path("entry").path(0).path("changes").path(0).path("value").path("calls").path(0);
  }
}
