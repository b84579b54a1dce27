package io.wacall.workflows.media;

import java.util.Locale;

/**
 * What Meta made of a call it recorded or transcribed (docs/meta-cloud-api.md#call-recording): one
 * media file of each kind per call at most.
 */
public enum MediaKind {
  /** The call's audio, {@code audio/ogg; codecs=opus}; webhook event {@code call_recording_available}. */
  RECORDING("call_recording_available", "audio/ogg", "ogg"),
  /** The transcript, {@code application/json}; webhook event {@code call_transcription_available}. */
  TRANSCRIPT("call_transcription_available", "application/json", "json"),
  /**
   * A voicemail the caller left after a missed call, {@code audio/ogg; codecs=opus}: an inbound
   * {@code audio} message whose id is the call's wacid (docs/meta-cloud-api.md#voicemail); no
   * {@code calls[].event} announces it.
   */
  VOICEMAIL(null, "audio/ogg", "ogg");

  private final String webhookEvent;
  private final String contentType;
  private final String extension;

  MediaKind(String webhookEvent, String contentType, String extension) {
    this.webhookEvent = webhookEvent;
    this.contentType = contentType;
    this.extension = extension;
  }

  /** The {@code calls[].event} that announces it; null for a voicemail, which comes as a message. */
  public String webhookEvent() {
    return webhookEvent;
  }

  /** How its webhook is named in a dedupe key: the {@code calls[].event}, or {@code voicemail}. */
  public String eventName() {
    return webhookEvent != null ? webhookEvent : name().toLowerCase(Locale.ROOT);
  }

  /** The content type wacall serves it with. */
  public String contentType() {
    return contentType;
  }

  /** The kind announced by a {@code calls[].event}, or null for any other event. */
  public static MediaKind ofWebhookEvent(String event) {
    for (MediaKind kind : values()) {
      if (kind.webhookEvent != null && kind.webhookEvent.equals(event)) {
        return kind;
      }
    }
    return null;
  }

  /** The object key of a call's media of this kind: deterministic, so a retry finds what it stored. */
  public String objectKey(String phoneNumberId, String wacid) {
    return name().toLowerCase(Locale.ROOT) + "s/" + phoneNumberId + "/" + safe(wacid) + "." + extension;
  }

  /** wacids are opaque (letters, digits, dot, dash, underscore in practice); anything else is replaced. */
  private static String safe(String wacid) {
    return wacid.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
