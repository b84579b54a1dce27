package io.wacall.api.webhook;

import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.PermissionReadModel.PermissionRow;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.workflows.permission.PermissionRules;
import io.wacall.contract.permission.signal.ReplyResponse;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A customer's (or WhatsApp's) permission decision goes to the pair's CallPermission workflow as
 * signal {@code permissionReply}, starting the workflow if it does not run (a reply can arrive
 * after the run that sent the request has completed, or from the business profile with no request
 * at all). The workflow dedupes by the reply's wamid and ignores stale replies.
 *
 * <p>A signed reply never overrides newer state: one older than the pair's last change recorded in
 * the read model (a revoke, a newer request, ...) is IGNORED here, without starting a run, and
 * counted. The read model never records a later change than the workflow has seen, so this only
 * spares the workflow a reply it would ignore itself; the workflow's own check (seeded from the
 * same read model when a fresh run starts) stays the rule.
 */
@Component
public class PermissionReplyRouter implements WebhookEventRouter<PermissionReplyEvent> {
  private static final Logger log = LoggerFactory.getLogger(PermissionReplyRouter.class);

  private final PermissionWorkflows workflows;
  private final PermissionReadModel readModel;
  private final WacallMetrics metrics;
  private final Clock clock;

  public PermissionReplyRouter(PermissionWorkflows workflows, PermissionReadModel readModel, WacallMetrics metrics) {
    this(workflows, readModel, metrics, Clock.systemUTC());
  }

  @Autowired
  public PermissionReplyRouter(PermissionWorkflows workflows, PermissionReadModel readModel, WacallMetrics metrics,
      Clock clock) {
    this.workflows = workflows;
    this.readModel = readModel;
    this.metrics = metrics;
    this.clock = clock;
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
    // as of now: a temporary grant that lapsed changed at its expiry, though no run wrote it (see PermissionReadModel)
    Instant lastChange = readModel.find(reply.phoneNumberId(), reply.waId(), clock.instant())
        .map(PermissionRow::lastChangeAt).orElse(null);
    if (PermissionRules.replyIsStale(reply.timestamp(), lastChange)) {
      metrics.webhookReplyStale();
      return RouteResult.ignored("stale: reply of " + reply.timestamp()
          + " is older than the pair's last change at " + lastChange);
    }
    workflows.signalWithStart(reply.phoneNumberId(), reply.waId(), wf -> wf::permissionReply, reply.toSignal());
    log.info("permission reply {} ({}, {}) signalled to business number {} / customer {}", reply.messageId(),
        reply.response() == ReplyResponse.REJECT ? "reject" : reply.permanent() ? "permanent accept" : "temporary accept",
        reply.source(), reply.phoneNumberId(), PhoneMask.mask(reply.waId()));
    return RouteResult.dispatched();
  }
}
