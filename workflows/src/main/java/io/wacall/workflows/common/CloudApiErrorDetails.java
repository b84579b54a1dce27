package io.wacall.workflows.common;

import java.time.Instant;

/**
 * The first detail of a {@code CloudApi*} ApplicationFailure raised by an activity: what Meta
 * answered, so a workflow can act on it without parsing messages. The backend module writes
 * the same JSON shape (its own record, with the category as an enum).
 *
 * @param category the activities' classification of the error (e.g. THROTTLED), as a name
 * @param httpStatus 0 when no HTTP answer came (network trouble)
 * @param graphCode Graph error code (e.g. 138006), null when there was none
 * @param retryAt when Meta says the limit lapses, if it said
 * @param ambiguous true when the request may have reached Meta and taken effect (a timeout after
 *     sending, a 5xx): a call placed this way may have rung, so it is never retried blindly
 */
public record CloudApiErrorDetails(
    String category,
    int httpStatus,
    Integer graphCode,
    Integer graphSubcode,
    Instant retryAt,
    boolean ambiguous,
    String fbtraceId) {}
