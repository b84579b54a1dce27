package io.wacall.backend.cloudapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether Meta records and transcribes a call, sent with {@code connect} or {@code accept}
 * (docs/meta-cloud-api.md#call-recording): {@code "recording": {"status": "ENABLED", "purpose",
 * "announcement_language"}} and {@code "transcription": {"status": "ENABLED", ...}}. Nothing is
 * sent for what is off (Meta's default is off).
 *
 * @param purpose read to both parties in the announcement (at most 250 characters)
 * @param announcementLanguage the announcement's locale, e.g. {@code en_US}
 */
public record CallMediaOptions(boolean recording, boolean transcription, String purpose, String announcementLanguage) {
  public static final CallMediaOptions NONE = new CallMediaOptions(false, false, null, null);

  public boolean any() {
    return recording || transcription;
  }

  /** Adds the objects to a {@code connect} or {@code accept} body. */
  void addTo(ObjectNode body) {
    if (recording) {
      object(body.putObject("recording"));
    }
    if (transcription) {
      object(body.putObject("transcription"));
    }
  }

  private void object(ObjectNode node) {
    node.put("status", "ENABLED");
    if (purpose != null) {
      node.put("purpose", purpose);
    }
    if (announcementLanguage != null) {
      node.put("announcement_language", announcementLanguage);
    }
  }
}
