package io.wacall.workflows.common;

import java.time.Instant;

/**
 * The first detail of a {@code CloudApi*} ApplicationFailure raised by an activity: what Meta
 * answered, so a workflow can act on it without parsing messages.
 *
 * @param httpStatus 0 when no HTTP answer came (network trouble)
 * @param code Graph error code (e.g. 138006), null when there was none
 * @param retryAt when Meta says the limit lapses, if it said
 * @param ambiguous true when the request may have reached Meta and taken effect (a timeout after
 *     sending, a 5xx): a call placed this way may have rung, so it is never retried blindly
 */
public record CloudApiErrorDetails(
    int httpStatus, Integer code, Integer subcode, String message, Instant retryAt, boolean ambiguous) {}
