package io.wacall.sandbox.webhook;

/**
 * What every webhook about one call repeats.
 *
 * @param bizOpaqueCallbackData what the business passed on connect or accept, echoed back
 */
public record CallLeg(
    String phoneNumberId,
    String callId,
    CallDirection direction,
    String waId,
    String profileName,
    String bizOpaqueCallbackData) {}
