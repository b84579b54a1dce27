package io.wacall.contract.permission.view;

import java.time.Instant;

/** One line of the bounded audit trail: what happened, and the status before and after. */
public record AuditEntry(Instant at, String event, PermissionStatus from, PermissionStatus to, String detail) {}
