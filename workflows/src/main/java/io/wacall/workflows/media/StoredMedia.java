package io.wacall.workflows.media;

/**
 * A call's media once it is in the object store.
 *
 * @param objectKey where it is, {@link MediaKind#objectKey}
 * @param sizeBytes its length
 * @param sha256Hex its SHA-256, lower-case hex (checked against Meta's)
 * @param alreadyStored true when an earlier attempt had stored it (nothing was written twice)
 */
public record StoredMedia(String objectKey, long sizeBytes, String sha256Hex, boolean alreadyStored) {}
