package io.wacall.api.webhook;

import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import java.time.Instant;

/**
 * A {@code call_permission_reply} (docs/meta-cloud-api.md#permission-replies).
 *
 * @param waId {@code from}; absent when the user has a username, then {@code contacts[].wa_id}
 * @param userId {@code from_user_id}, the business-scoped user id, when sent
 * @param messageId the reply's own wamid
 * @param expiresAt {@code expiration_timestamp}: temporary accepts only
 * @param contextId {@code context.id}: the request's wamid, the user's wacid for a callback grant,
 *     or null when the user acted from the business profile
 */
public record PermissionReplyEvent(
    String phoneNumberId,
    String waId,
    String userId,
    String messageId,
    Instant timestamp,
    ReplyResponse response,
    boolean permanent,
    Instant expiresAt,
    ReplySource source,
    String contextId) implements WebhookEvent {

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.PERMISSION_REPLY;
  }

  @Override
  public String dedupeKey() {
    return "msg:" + messageId;
  }

  /** The {@code permissionReply} signal's argument. */
  public PermissionReply toSignal() {
    return new PermissionReply(messageId, timestamp, response, permanent, expiresAt, source, contextId);
  }
}
