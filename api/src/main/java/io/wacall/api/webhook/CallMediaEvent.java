package io.wacall.api.webhook;

import io.wacall.workflows.media.MediaKind;
import java.time.Instant;

/**
 * A {@code calls[]} item announcing media Meta made of a call (docs/meta-cloud-api.md#call-recording):
 * {@code call_recording_available} ({@code call_recording.audio}) or
 * {@code call_transcription_available} ({@code call_transcript.document}).
 *
 * @param callId the wacid
 * @param mediaId the media id to ask Meta for a fresh URL with
 * @param sha256 as Meta sent it (base64 in its samples; hex accepted)
 * @param url the URL Meta sent, valid 5 minutes; kept for the record, never fetched (a fresh one is)
 */
public record CallMediaEvent(
    String phoneNumberId,
    String callId,
    MediaKind mediaKind,
    String waId,
    Instant timestamp,
    String mediaId,
    String sha256,
    String mimeType,
    String url) implements WebhookEvent {

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.CALL_MEDIA;
  }

  @Override
  public String dedupeKey() {
    return "call:" + callId + ":" + mediaKind.eventName();
  }
}
