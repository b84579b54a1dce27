package io.wacall.activities.cloudapi;

import java.time.Instant;

/**
 * The details carried by the {@code ApplicationFailure} a {@link GraphApiException} becomes. Plain
 * JSON-friendly fields, so a workflow can read them into this record or into a mirror of it.
 *
 * @param httpStatus 0 when no HTTP answer arrived
 * @param graphCode Graph {@code error.code}, null when there was none
 * @param retryAt when Meta said the action is allowed again, or null
 * @param ambiguous true when the request may have reached Meta and taken effect
 */
public record CloudApiErrorDetails(
    CloudApiErrorCategory category,
    int httpStatus,
    Integer graphCode,
    Integer graphSubcode,
    Instant retryAt,
    boolean ambiguous,
    String fbtraceId) {}
