package io.wacall.backend.activity;

import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.cloudapi.CloudApiMedia;
import io.wacall.backend.cloudapi.GraphApiException;
import io.wacall.backend.media.MediaChecksums;
import io.wacall.backend.media.MediaStore;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.directory.ConversationEventKind;
import io.wacall.backend.store.directory.ConversationLog;
import io.wacall.backend.store.directory.ConversationRecord;
import io.wacall.backend.store.media.CallMediaRepository;
import io.wacall.backend.store.media.CallMediaRow;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.media.CallMediaActivities;
import io.wacall.workflows.media.CallMediaInput;
import io.wacall.workflows.media.MediaKind;
import io.wacall.workflows.media.StoredMedia;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@link CallMediaActivities}: Meta's media into the object store, then onto the call's record. */
@Component("callMediaActivities")
public class CallMediaActivitiesImpl implements CallMediaActivities {
  private static final Logger log = LoggerFactory.getLogger(CallMediaActivitiesImpl.class);

  private final CloudApiMedia meta;
  private final MediaStore store;
  private final CallMediaRepository media;
  private final CallReadModel calls;
  private final ConversationLog conversations;
  private final Clock clock;

  public CallMediaActivitiesImpl(CloudApiMedia meta, MediaStore store, CallMediaRepository media,
      CallReadModel calls, ConversationLog conversations, Clock clock) {
    this.meta = meta;
    this.store = store;
    this.media = media;
    this.calls = calls;
    this.conversations = conversations;
    this.clock = clock;
  }

  @Override
  public StoredMedia store(CallMediaInput input) {
    String key = input.objectKey();
    String expected = MediaChecksums.toHex(input.sha256());
    Optional<MediaStore.StoredObject> existing = store.head(key);
    if (existing.isPresent() && (expected == null || expected.equals(existing.get().sha256Hex()))) {
      log.info("{} of call {} is already stored under {}", input.kind(), input.wacid(), key);
      return new StoredMedia(key, existing.get().sizeBytes(), existing.get().sha256Hex(), true);
    }
    byte[] bytes;
    try {
      CloudApiMedia.MediaUrl url = meta.lookup(input.mediaId());
      bytes = meta.download(url.url());
    } catch (GraphApiException e) {
      if (CloudApiMedia.gone(e)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Meta no longer has media " + input.mediaId() + ": " + e.getMessage(), MEDIA_GONE);
      }
      throw e;
    }
    String actual = MediaChecksums.sha256Hex(bytes);
    if (expected != null && !expected.equals(actual)) {
      throw ApplicationFailure.newFailure("media " + input.mediaId() + " of call " + input.wacid()
          + " has SHA-256 " + actual + ", Meta announced " + expected, MEDIA_CHECKSUM_MISMATCH);
    }
    if (expected == null) {
      log.warn("{} of call {} came without a SHA-256 to check against", input.kind(), input.wacid());
    }
    store.put(key, bytes, input.kind().contentType(), actual);
    log.info("{} of call {} stored under {} ({} bytes)", input.kind(), input.wacid(), key, bytes.length);
    return new StoredMedia(key, bytes.length, actual, false);
  }

  @Override
  public void record(CallMediaInput input, StoredMedia stored) {
    Optional<CallView> call = calls.idByWacid(input.wacid()).flatMap(calls::find);
    boolean written = media.insert(new CallMediaRow(input.wacid(), input.kind(), input.phoneNumberId(),
        call.map(CallView::id).orElse(null), input.mediaId(), stored.objectKey(), input.kind().contentType(),
        stored.sizeBytes(), stored.sha256Hex(), input.availableAt(), clock.instant()));
    if (call.isEmpty() || call.get().customer() == null) {
      if (written) {
        log.warn("{} of call {} stored, but wacall has no record of that call", input.kind(), input.wacid());
      }
      return;
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("sizeBytes", stored.sizeBytes());
    detail.put("wacid", input.wacid());
    conversations.logConversationEvent(new ConversationRecord(input.phoneNumberId(), call.get().customer(),
        input.availableAt() != null ? input.availableAt() : clock.instant(),
        switch (input.kind()) {
          case RECORDING -> ConversationEventKind.CALL_RECORDING_STORED;
          case TRANSCRIPT -> ConversationEventKind.CALL_TRANSCRIPT_STORED;
          case VOICEMAIL -> ConversationEventKind.VOICEMAIL;
        },
        call.get().id(), detail));
  }
}
