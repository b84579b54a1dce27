package io.wacall.backend.store.directory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A business number as stored, with what is derived from it.
 *
 * @param businessInitiatedCallingAllowed derived when read, from {@code country} and the
 *     configured list, so a change of the list applies at once to every number
 */
public record PhoneNumber(
    String phoneNumberId,
    String displayNumber,
    String country,
    boolean businessInitiatedCallingAllowed,
    Duration ringTimeout,
    Duration wrapUp,
    boolean callbackRequestsEnabled,
    List<String> dispositionTags,
    Instant updatedAt) {}
