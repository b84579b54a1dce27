package io.wacall.workflows.media;

import java.time.Instant;
import java.util.Objects;

/**
 * Argument of the CallMedia workflow: what Meta's {@code call_recording_available} or
 * {@code call_transcription_available} webhook said (docs/meta-cloud-api.md#call-recording).
 *
 * @param wacid the call's id, as Meta sent it
 * @param mediaId the media id to ask Meta for a fresh URL with (the webhook's URL lives 5 minutes)
 * @param sha256 the file's SHA-256 as Meta sent it: base64 in Meta's samples, hex accepted too
 * @param availableAt the webhook's timestamp; Meta deletes the media 7 days after it
 */
public record CallMediaInput(
    String phoneNumberId, String wacid, MediaKind kind, String mediaId, String sha256, String mimeType,
    Instant availableAt) {
  public CallMediaInput {
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(wacid, "wacid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mediaId, "mediaId");
  }

  /** The object key it is stored under. */
  public String objectKey() {
    return kind.objectKey(phoneNumberId, wacid);
  }
}
