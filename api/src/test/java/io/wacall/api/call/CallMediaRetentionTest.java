package io.wacall.api.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.backend.media.LocalFolderMediaStore;
import io.wacall.backend.media.MediaProperties;
import io.wacall.backend.store.media.CallMediaRepository;
import io.wacall.backend.store.media.CallMediaRow;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.media.MediaKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The retention of recordings and transcripts on a real PostgreSQL and a real folder store: what
 * was stored longer ago than {@code wacall.media.retention} goes, object and row; the rest stays.
 */
class CallMediaRetentionTest {
  @TempDir Path folder;

  @Test
  void recordingsPastTheRetentionAreDeleted_objectAndRow_andTheOthersStay() {
    JdbcClient jdbc = JdbcClient.create(TestDatabase.newDatabase());
    CallMediaRepository media = new CallMediaRepository(jdbc);
    LocalFolderMediaStore store = new LocalFolderMediaStore(folder);
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    MediaProperties settings = new MediaProperties("local", folder, Duration.ofDays(90), Duration.ofHours(1), null, null);
    String old = stored(media, store, "wacid.OLD", now.minus(Duration.ofDays(91)));
    String young = stored(media, store, "wacid.YOUNG", now.minus(Duration.ofDays(89)));

    CallMediaRetention retention = new CallMediaRetention(media, store, settings, Clock.fixed(now, ZoneOffset.UTC));
    assertThat(retention.purgeDue()).isEqualTo(1);

    assertThat(store.head(old)).isEmpty();
    assertThat(media.find("wacid.OLD", MediaKind.RECORDING)).isEmpty();
    assertThat(store.head(young)).isPresent();
    assertThat(media.find("wacid.YOUNG", MediaKind.RECORDING)).isPresent();
    assertThat(retention.purgeDue()).isZero();
  }

  private static String stored(CallMediaRepository media, LocalFolderMediaStore store, String wacid, Instant at) {
    String key = MediaKind.RECORDING.objectKey("106540352242922", wacid);
    byte[] bytes = ("audio of " + wacid).getBytes(StandardCharsets.UTF_8);
    store.put(key, bytes, "audio/ogg", "x");
    media.insert(new CallMediaRow(wacid, MediaKind.RECORDING, "106540352242922", null, "m-" + wacid, key, "audio/ogg",
        bytes.length, "x", at, at));
    return key;
  }
}
