package io.wacall.backend.media;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where wacall keeps call recordings and transcripts: an S3-compatible bucket
 * ({@link S3MediaStore}) or a local folder ({@link LocalFolderMediaStore}, the embedded default).
 * Keys are {@code /}-separated relative paths ({@code recordings/{number}/{wacid}.ogg}).
 */
public interface MediaStore {

  /** The object under {@code key}: its SHA-256 (lower-case hex) and size, if there is one. */
  Optional<StoredObject> head(String key);

  /** What {@link #head} tells of an object. */
  record StoredObject(String sha256Hex, long sizeBytes) {}

  /** Stores {@code bytes} under {@code key}, replacing what is there, with its SHA-256 as metadata. */
  void put(String key, byte[] bytes, String contentType, String sha256Hex);

  /** The object's bytes, if there is one; the caller closes the stream. */
  Optional<InputStream> open(String key);

  /** Deletes the object; nothing when there is none. */
  void delete(String key);
}
