package io.wacall.api.call;

import io.wacall.api.housekeeping.PeriodicPurge;
import io.wacall.backend.media.MediaProperties;
import io.wacall.backend.media.MediaStore;
import io.wacall.backend.store.media.CallMediaRepository;
import io.wacall.backend.store.media.CallMediaRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes call recordings and transcripts stored more than {@code wacall.media.retention} ago (90
 * days by default): the object first, then its {@code call_media} row, so a run that dies between
 * the two leaves a row whose object is gone, which the next run deletes (deleting a missing object
 * is no error). Runs every {@code wacall.media.purge-interval} on a thread of its own, in batches of
 * {@link #BATCH_SIZE}, at most {@link #MAX_BATCHES_PER_RUN} per run; several API instances may
 * purge side by side.
 */
@Component
public class CallMediaRetention implements SmartLifecycle {
  static final int BATCH_SIZE = 100;
  static final int MAX_BATCHES_PER_RUN = 20;
  private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(CallMediaRetention.class);

  private final CallMediaRepository media;
  private final MediaStore store;
  private final MediaProperties settings;
  private final Clock clock;
  private final PeriodicPurge purges;

  public CallMediaRetention(CallMediaRepository media, MediaStore store, MediaProperties settings, Clock clock) {
    this.media = media;
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.purges = new PeriodicPurge("call-media-retention", FIRST_RUN_AFTER, settings.purgeInterval(), this::purgeDue,
        log);
  }

  /** Deletes what is past its retention at the clock's now; returns how many files went. */
  public int purgeDue() {
    Instant before = clock.instant().minus(settings.retention());
    int deleted = PeriodicPurge.inBatches(MAX_BATCHES_PER_RUN, BATCH_SIZE, limit -> {
      List<CallMediaRow> due = media.storedBefore(before, limit);
      for (CallMediaRow row : due) {
        store.delete(row.objectKey());
        media.delete(row.wacid(), row.kind());
      }
      return due.size();
    }).count();
    if (deleted > 0) {
      log.info("call media retention: {} recording(s) and transcript(s) stored before {} deleted", deleted, before);
    }
    return deleted;
  }

  @Override
  public void start() {
    purges.start();
    log.info("call media retention: recordings and transcripts kept {}, purged every {}", settings.retention(),
        settings.purgeInterval());
  }

  @Override
  public void stop() {
    purges.stop();
  }

  @Override
  public boolean isRunning() {
    return purges.isRunning();
  }
}
