package io.wacall.sandbox.call;

/**
 * Whether the business asked Meta to record or transcribe a call ({@code recording} /
 * {@code transcription} objects with {@code status: ENABLED} on connect or accept,
 * docs/meta-cloud-api.md#call-recording).
 */
public record Capture(boolean recording, boolean transcription) {
  public static final Capture NONE = new Capture(false, false);

  boolean any() {
    return recording || transcription;
  }
}
