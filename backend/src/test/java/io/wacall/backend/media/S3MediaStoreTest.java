package io.wacall.backend.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.wacall.backend.activity.CallMediaActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiMedia;
import io.wacall.backend.cloudapi.CloudApiProperties;
import io.wacall.testsupport.S3MockProcess;
import io.wacall.workflows.media.CallMediaInput;
import io.wacall.workflows.media.MediaKind;
import io.wacall.workflows.media.StoredMedia;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * The S3 store through the AWS SDK v2 against an S3-compatible server (S3Mock, its own process),
 * and the StoreCallMedia activity on it with Meta as WireMock: a retry finds the object and does not
 * store it twice.
 */
class S3MediaStoreTest {
  static S3MediaStore store;
  static WireMockServer meta;

  @BeforeAll
  static void start() {
    MediaProperties.S3 settings = new MediaProperties.S3(S3MockProcess.shared().endpoint(), "us-east-1",
        "wacall-media-test", "test-key", "test-secret", true);
    store = new S3MediaStore(settings);
    store.ensureBucket();
    store.ensureBucket(); // a bucket that is there is left as it is
    meta = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
  }

  @AfterAll
  static void stop() {
    store.close();
    meta.stop();
  }

  @Test
  void putHeadOpenDelete() throws Exception {
    byte[] bytes = "an object".getBytes(StandardCharsets.UTF_8);
    String key = "recordings/106540352242922/wacid.S3-" + System.nanoTime() + ".ogg";
    assertThat(store.head(key)).isEmpty();
    assertThat(store.open(key)).isEmpty();

    store.put(key, bytes, "audio/ogg", MediaChecksums.sha256Hex(bytes));
    assertThat(store.head(key)).hasValue(new MediaStore.StoredObject(MediaChecksums.sha256Hex(bytes), bytes.length));
    try (InputStream in = store.open(key).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    store.delete(key);
    assertThat(store.head(key)).isEmpty();
    store.delete(key); // nothing there: nothing happens
  }

  @Test
  void storeCallMedia_fetchesAFreshUrl_checksTheBase64Checksum_andARetryStoresNothingTwice() throws Exception {
    byte[] ogg;
    try (InputStream in = S3MediaStoreTest.class.getResourceAsStream("/media/recording.ogg")) {
      ogg = in.readAllBytes();
    }
    String mediaId = "s3media" + System.nanoTime();
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + mediaId)).willReturn(okJson(
        "{\"url\":\"" + meta.baseUrl() + "/files/" + mediaId + "\",\"mime_type\":\"audio/ogg\",\"id\":\"" + mediaId + "\"}")));
    meta.stubFor(get(urlPathEqualTo("/files/" + mediaId)).willReturn(aResponse().withBody(ogg)));
    CallMediaActivitiesImpl activities = new CallMediaActivitiesImpl(
        new CloudApiMedia(RestClient.builder(), CloudApiProperties.of(meta.baseUrl(), "meta-token")), store,
        null, null, null, Clock.systemUTC());
    String base64 = java.util.Base64.getEncoder().encodeToString(
        java.util.HexFormat.of().parseHex(MediaChecksums.sha256Hex(ogg)));
    CallMediaInput input = new CallMediaInput("106540352242922", "wacid.S3" + System.nanoTime(), MediaKind.RECORDING,
        mediaId, base64, "audio/ogg; codecs=opus", Instant.now());

    StoredMedia first = activities.store(input);
    StoredMedia retry = activities.store(input);

    assertThat(first.alreadyStored()).isFalse();
    assertThat(retry.alreadyStored()).isTrue();
    assertThat(retry.objectKey()).isEqualTo(first.objectKey());
    assertThat(retry.sizeBytes()).isEqualTo(ogg.length);
    meta.verify(1, getRequestedFor(urlPathEqualTo("/files/" + mediaId)));
    try (InputStream in = store.open(first.objectKey()).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(ogg);
    }
  }
}
