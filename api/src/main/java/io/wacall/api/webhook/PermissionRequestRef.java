package io.wacall.api.webhook;

/** A permission request message we sent: its wamid and the pair it belongs to. */
public record PermissionRequestRef(String messageId, String phoneNumberId, String waId) {}
