package io.wacall.contract.settings;

/**
 * What the CallingSettings workflow has done (query {@code progress}).
 *
 * @param requestedRevision the newest revision of the wanted settings it was told of
 * @param settledRevision the newest revision it pushed to Meta (taken, or refused by Meta)
 * @param lastOutcome {@code NONE}, {@code SYNCED} or {@code REFUSED}: what Meta did with the last push
 * @param pushes pushes in this run
 */
public record CallingSettingsProgress(
    String phoneNumberId, long requestedRevision, long settledRevision, String lastOutcome, int pushes) {}
