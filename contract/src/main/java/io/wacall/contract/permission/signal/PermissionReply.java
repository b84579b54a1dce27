package io.wacall.contract.permission.signal;

import io.wacall.contract.permission.view.PermissionView;
import java.time.Instant;
import java.util.Objects;

/**
 * Signal {@code permissionReply}: the customer's (or WhatsApp's) decision, from a
 * {@code call_permission_reply} webhook.
 *
 * @param messageId the reply's wamid: the dedupe key
 * @param timestamp when Meta says the reply was made; a reply older than the pair's last change
 *     (see {@link PermissionView#lastChangeAt()}) is stale and changes nothing
 * @param permanent {@code is_permanent}
 * @param expiresAt {@code expiration_timestamp} of a temporary accept, else null
 * @param contextId the request's wamid, or the user's wacid for a callback grant, or null
 */
public record PermissionReply(
    String messageId,
    Instant timestamp,
    ReplyResponse response,
    boolean permanent,
    Instant expiresAt,
    ReplySource source,
    String contextId) {
  public PermissionReply {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(source, "source");
  }
}
