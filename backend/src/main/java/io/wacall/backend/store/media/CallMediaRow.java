package io.wacall.backend.store.media;

import io.wacall.workflows.media.MediaKind;
import java.time.Instant;

/** A recording or transcript of a call, kept in the object store under {@code objectKey}. */
public record CallMediaRow(
    String wacid,
    MediaKind kind,
    String phoneNumberId,
    String callId,
    String mediaId,
    String objectKey,
    String contentType,
    long sizeBytes,
    String sha256,
    Instant availableAt,
    Instant storedAt) {}
