package io.wacall.workflows.media;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** CallMedia's activities as a test wants them: a number of failed stores first, then success. */
class FakeMediaActivities implements CallMediaActivities {
  final AtomicInteger storeAttempts = new AtomicInteger();
  final List<StoredMedia> recorded = new CopyOnWriteArrayList<>();
  volatile int checksumMismatches;
  volatile boolean gone;

  @Override
  public StoredMedia store(CallMediaInput input) {
    int attempt = storeAttempts.incrementAndGet();
    if (gone) {
      throw ApplicationFailure.newNonRetryableFailure("no such media " + input.mediaId(), MEDIA_GONE);
    }
    if (attempt <= checksumMismatches) {
      throw ApplicationFailure.newFailure("SHA-256 differs", MEDIA_CHECKSUM_MISMATCH);
    }
    return new StoredMedia(input.objectKey(), 3105, "ab".repeat(32), false);
  }

  @Override
  public void record(CallMediaInput input, StoredMedia stored) {
    recorded.add(stored);
  }
}
