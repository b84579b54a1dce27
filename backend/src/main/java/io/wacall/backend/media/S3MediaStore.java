package io.wacall.backend.media;

import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link MediaStore} in an S3 bucket through the AWS SDK v2, on AWS or any S3-compatible server
 * (MinIO, S3Mock) by endpoint override and path-style addressing. The SHA-256 travels as object
 * metadata ({@code x-amz-meta-sha256}), so {@link #head} is one HEAD request.
 */
public class S3MediaStore implements MediaStore, AutoCloseable {
  static final String SHA256_METADATA = "sha256";

  private final S3Client s3;
  private final String bucket;

  public S3MediaStore(MediaProperties.S3 settings) {
    this(client(settings), settings.bucket());
  }

  S3MediaStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  static S3Client client(MediaProperties.S3 settings) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    if (settings.accessKey() != null && !settings.accessKey().isBlank()) {
      builder.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  /**
   * Creates the bucket when it is missing (a fresh MinIO or S3Mock); an existing one is left as it
   * is. The worker and the API may both create it at once: the one that comes second is told the
   * bucket exists (409), which is what it wanted.
   */
  public void ensureBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return;
    } catch (NoSuchBucketException e) {
      // create it below
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    try {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public Optional<StoredObject> head(String key) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
      String sha256 = head.metadata().get(SHA256_METADATA);
      return Optional.of(new StoredObject(sha256, head.contentLength() == null ? 0 : head.contentLength()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void put(String key, byte[] bytes, String contentType, String sha256Hex) {
    s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
        .metadata(Map.of(SHA256_METADATA, sha256Hex)), RequestBody.fromBytes(bytes));
  }

  @Override
  public Optional<InputStream> open(String key) {
    try {
      return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(b -> b.bucket(bucket).key(key));
  }

  @Override
  public void close() {
    s3.close();
  }
}
