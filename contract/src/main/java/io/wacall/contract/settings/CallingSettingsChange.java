package io.wacall.contract.settings;

/**
 * Argument of the signal {@code desiredChanged}: the stored wanted settings of the number are now
 * at {@code revision} (a revision not above the newest the run knows is no news).
 */
public record CallingSettingsChange(long revision) {}
