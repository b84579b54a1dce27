package io.wacall.api.webhook;

import io.wacall.activities.temporal.PermissionWorkflows;
import io.wacall.workflows.permission.ReplyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A customer's (or WhatsApp's) permission decision goes to the pair's CallPermission workflow as
 * signal {@code permissionReply}, starting the workflow if it does not run (a reply can arrive
 * after the run that sent the request has completed, or from the business profile with no request
 * at all). The workflow dedupes by the reply's wamid and ignores stale replies.
 */
@Component
public class PermissionReplyRouter implements WebhookEventRouter<PermissionReplyEvent> {
  private static final Logger log = LoggerFactory.getLogger(PermissionReplyRouter.class);

  private final PermissionWorkflows workflows;

  public PermissionReplyRouter(PermissionWorkflows workflows) {
    this.workflows = workflows;
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.PERMISSION_REPLY;
  }

  @Override
  public RouteResult route(PermissionReplyEvent reply) {
    if (reply.phoneNumberId() == null) {
      throw new UnroutableEventException("reply " + reply.messageId() + " has no metadata.phone_number_id");
    }
    if (reply.waId() == null) {
      throw new UnroutableEventException("reply " + reply.messageId()
          + " names no customer wa_id (neither from nor a single contact); user-id-only senders are not supported");
    }
    workflows.signalWithStart(reply.phoneNumberId(), reply.waId(), wf -> wf::permissionReply, reply.toSignal());
    log.info("permission reply {} ({}, {}) signalled to business number {} / customer {}", reply.messageId(),
        reply.response() == ReplyResponse.REJECT ? "reject" : reply.permanent() ? "permanent accept" : "temporary accept",
        reply.source(), reply.phoneNumberId(), PhoneMask.mask(reply.waId()));
    return RouteResult.dispatched();
  }
}
