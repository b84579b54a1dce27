package io.wacall.api.permission;

import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/permissions/{phoneNumberId}/{waId}/requests}; every field optional.
 * A free-form request (inside the customer service window) may carry {@code bodyText}; outside
 * it, name an approved template with a call_permission_request component and its language.
 */
public record PermissionRequestBody(
    @Size(max = 1024) String bodyText,
    @Size(max = 512) String templateName,
    @Size(max = 16) String templateLanguage,
    @Size(max = 128) String requestedBy) {}
