package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookFields.lower;
import static io.wacall.api.webhook.WebhookFields.object;
import static io.wacall.api.webhook.WebhookFields.required;
import static io.wacall.api.webhook.WebhookFields.text;
import static io.wacall.api.webhook.WebhookFields.unixSeconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.backend.media.MediaChecksums;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.media.MediaKind;
import java.util.Locale;

/**
 * Decodes a {@code calls[]} item announcing a recording ({@code call_recording.audio}) or a
 * transcript ({@code call_transcript.document}) into a {@link CallMediaEvent}
 * (docs/meta-cloud-api.md#call-recording). The media object needs an {@code id} (else nothing could
 * be fetched) and a {@code sha256} that is base64 or hex when there is one; otherwise the event is
 * malformed.
 */
final class CallMediaEvents {
  private static final String WACID_PREFIX = "wacid.";

  private CallMediaEvents() {}

  /**
   * Whether a {@code messages[]} item is a voicemail: an {@code audio} message whose id is a call's
   * wacid, not a message's wamid (docs/meta-cloud-api.md#voicemail).
   */
  static boolean isVoicemail(JsonNode message) {
    String id = text(message, "id");
    return "audio".equalsIgnoreCase(text(message, "type")) && id != null && id.startsWith(WACID_PREFIX);
  }

  static CallMediaEvent decode(String phoneNumberId, ObjectNode payload) {
    if (payload.has("message")) {
      return voicemail(phoneNumberId, payload);
    }
    JsonNode call = object(payload, "call");
    String wacid = required(call, "id", "call");
    MediaKind kind = MediaKind.ofWebhookEvent(lower(required(call, "event", "call")));
    if (kind == null) {
      throw new MalformedWebhookEventException("call " + wacid + " names no recording or transcript event");
    }
    JsonNode media = kind == MediaKind.RECORDING
        ? call.path("call_recording").path("audio")
        : call.path("call_transcript").path("document");
    String where = kind == MediaKind.RECORDING ? "call_recording.audio" : "call_transcript.document";
    if (!media.isObject()) {
      throw new MalformedWebhookEventException("call " + wacid + " " + kind.webhookEvent() + " has no " + where);
    }
    String sha256 = text(media, "sha256");
    try {
      MediaChecksums.toHex(sha256);
    } catch (IllegalArgumentException e) {
      throw new MalformedWebhookEventException("call " + wacid + " " + where + ": " + e.getMessage());
    }
    String directionText = text(call, "direction");
    CallDirection direction = null;
    if (directionText != null) {
      try {
        direction = CallDirection.valueOf(directionText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        direction = null; // the media is the call's whatever its direction; the direction is not needed here
      }
    }
    return new CallMediaEvent(
        phoneNumberId,
        wacid,
        kind,
        WebhookPayloadParser.callCustomer(direction, text(call, "from"), text(call, "to"),
            text(payload.path("metadata"), "display_phone_number")),
        unixSeconds(call, "timestamp", false),
        required(media, "id", where),
        sha256,
        text(media, "mime_type"),
        text(media, "url"));
  }

  /** A voicemail: the audio message's {@code audio} object names the media like a recording's. */
  private static CallMediaEvent voicemail(String phoneNumberId, ObjectNode payload) {
    JsonNode message = object(payload, "message");
    String wacid = required(message, "id", "message");
    JsonNode audio = message.path("audio");
    if (!audio.isObject()) {
      throw new MalformedWebhookEventException("voicemail of call " + wacid + " has no audio");
    }
    String sha256 = text(audio, "sha256");
    try {
      MediaChecksums.toHex(sha256);
    } catch (IllegalArgumentException e) {
      throw new MalformedWebhookEventException("voicemail of call " + wacid + " audio: " + e.getMessage());
    }
    return new CallMediaEvent(phoneNumberId, wacid, MediaKind.VOICEMAIL, WebhookPayloadParser.customer(message, payload),
        unixSeconds(message, "timestamp", false), required(audio, "id", "audio"), sha256, text(audio, "mime_type"),
        text(audio, "url"));
  }
}
