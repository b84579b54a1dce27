package io.wacall.contract.permission.view;

import java.time.Instant;

/** Result of an accepted {@code requestPermission} update. */
public record PermissionRequestResult(
    String messageId, Instant sentAt, Instant expiresAt, PermissionView state) {}
