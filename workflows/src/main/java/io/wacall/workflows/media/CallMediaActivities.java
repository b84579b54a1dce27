package io.wacall.workflows.media;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The CallMedia workflow's steps. The bytes never pass through Temporal: one activity fetches,
 * checks and stores them, the next records that they are there.
 */
@ActivityInterface
public interface CallMediaActivities {

  /**
   * Asks Meta for a fresh URL of the media ({@code GET /{media-id}}), downloads it with the same
   * token, checks its SHA-256 against the webhook's (base64 or hex), and stores it under
   * {@link CallMediaInput#objectKey()}. Idempotent: when the key already holds an object of that
   * SHA-256 it stores nothing. Fails with type {@link #MEDIA_CHECKSUM_MISMATCH} when the bytes
   * differ from what Meta announced (retried: a download may have been cut short) and with
   * {@link #MEDIA_GONE} when Meta no longer has the media (not retried).
   */
  @ActivityMethod(name = "StoreCallMedia")
  StoredMedia store(CallMediaInput input);

  /**
   * Marks the call's record: the media row ({@code call_media}) and an entry in the conversation
   * log; written once however often it runs.
   */
  @ActivityMethod(name = "RecordCallMedia")
  void record(CallMediaInput input, StoredMedia stored);

  /** The downloaded bytes' SHA-256 is not the one Meta announced. */
  String MEDIA_CHECKSUM_MISMATCH = "MediaChecksumMismatch";
  /** Meta answered that the media id is unknown or deleted: retrying cannot help. */
  String MEDIA_GONE = "MediaGone";
}
