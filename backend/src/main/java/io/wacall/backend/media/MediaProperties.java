package io.wacall.backend.media;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where call recordings and transcripts are kept, and for how long. Bound from {@code wacall.media.*}
 * (docs/configuration.md#call-media).
 *
 * @param store {@code local} (a folder, the default) or {@code s3}
 * @param folder the local store's folder (default: {@code wacall-media} in the JVM's temporary folder)
 * @param retention how long a recording or transcript is kept after it was stored
 * @param purgeInterval how often the purge runs
 * @param announcementWindow a recorded or transcribed call that ends within this long of being
 *     answered, with nothing made of it, is taken as one whose caller hung up during Meta's announcement
 * @param s3 the S3 store's settings
 */
@ConfigurationProperties("wacall.media")
public record MediaProperties(
    @DefaultValue("local") String store,
    Path folder,
    @DefaultValue("90d") Duration retention,
    @DefaultValue("1h") Duration purgeInterval,
    @DefaultValue("10s") Duration announcementWindow,
    @DefaultValue S3 s3) {

  public MediaProperties {
    folder = folder == null ? Path.of(System.getProperty("java.io.tmpdir"), "wacall-media") : folder;
    announcementWindow = announcementWindow == null ? Duration.ofSeconds(10) : announcementWindow;
  }

  /**
   * @param endpoint an S3-compatible server's URL (MinIO, S3Mock...); empty: AWS's own endpoint
   * @param region the bucket's region
   * @param bucket the bucket; created at start when missing
   * @param accessKey empty: the AWS SDK's default credential chain
   * @param pathStyle path-style addressing, which most S3-compatible servers need
   */
  public record S3(
      String endpoint,
      @DefaultValue("us-east-1") String region,
      @DefaultValue("wacall-media") String bucket,
      String accessKey,
      String secretKey,
      @DefaultValue("true") boolean pathStyle) {
    @Override
    public String toString() {
      return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle=" + pathStyle + "]";
    }
  }
}
