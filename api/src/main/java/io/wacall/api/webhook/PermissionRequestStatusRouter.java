package io.wacall.api.webhook;

import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Message statuses arrive for every message the business sends, the CRM's own included. Only those
 * of our permission requests (known by wamid in {@code permission_requests}) go to the pair's
 * workflow, as signal {@code requestStatus}; the rest are IGNORED. The pair is taken from the
 * stored request, which is authoritative for the wamid.
 *
 * <p>Every request wacall sends carries the callback data
 * {@code CloudApiClient.PERMISSION_REQUEST_CALLBACK_DATA}, which Meta returns in its statuses: such
 * a status goes to the pair of its business number and recipient even when its wamid is unknown
 * (the request's row not yet written, or the send's answer lost: the run then recognises the
 * request it sent unconfirmed by the status).
 *
 * <p>The request's row is written by the workflow's read-model activity just after Meta accepted
 * the message, and Meta's first status can overtake it. So a status of an unknown wamid is tried
 * again for {@link #UNKNOWN_MESSAGE_GRACE} after its own timestamp before it is ignored: a lost
 * {@code failed} would leave the request looking pending for a week.
 */
@Component
public class PermissionRequestStatusRouter implements WebhookEventRouter<MessageStatusEvent> {
  /**
   * Far longer than the workflow takes to record a request it sent, short enough that the statuses
   * of the CRM's own messages (which are never found) are given up after a few cheap lookups.
   */
  static final Duration UNKNOWN_MESSAGE_GRACE = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(PermissionRequestStatusRouter.class);

  private final PermissionRequestLookup requests;
  private final PermissionWorkflows workflows;
  private final Clock clock;

  public PermissionRequestStatusRouter(PermissionRequestLookup requests, PermissionWorkflows workflows, Clock clock) {
    this.requests = requests;
    this.workflows = workflows;
    this.clock = clock;
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.MESSAGE_STATUS;
  }

  @Override
  public RouteResult route(MessageStatusEvent status) {
    Optional<RequestDeliveryStatus> signal = status.toSignal();
    if (signal.isEmpty()) {
      return RouteResult.ignored("status '" + status.status() + "' is not tracked for permission requests");
    }
    Optional<PermissionRequestRef> request = requests.findByMessageId(status.messageId());
    if (request.isEmpty() && status.carriesPermissionRequestTag() && status.waId() != null) {
      // ours by its callback data, and not (yet) known by its wamid: the request's row may not be
      // written yet, or the send's answer was lost (sent, unconfirmed); the pair's run matches it
      workflows.signalWithStart(status.phoneNumberId(), status.waId(), wf -> wf::requestStatus, signal.get());
      log.info("status {} of permission request {} (known by its callback data) signalled to business number {} / "
          + "customer {}", status.status(), status.messageId(), status.phoneNumberId(), PhoneMask.mask(status.waId()));
      return RouteResult.dispatched();
    }
    if (request.isEmpty()) {
      if (status.timestamp().plus(UNKNOWN_MESSAGE_GRACE).isAfter(clock.instant())) {
        return RouteResult.retryLater("message " + status.messageId() + " is not (yet) a known permission request");
      }
      return RouteResult.ignored("message " + status.messageId() + " is not a permission request of ours");
    }
    PermissionRequestRef ref = request.get();
    if (!Objects.equals(ref.phoneNumberId(), status.phoneNumberId()) || !Objects.equals(ref.waId(), status.waId())) {
      log.warn("status {} of permission request {} came for business number {} / customer {}, the request was "
              + "sent from {} to {}; signalling the request's pair", status.status(), status.messageId(),
          status.phoneNumberId(), PhoneMask.mask(status.waId()), ref.phoneNumberId(), PhoneMask.mask(ref.waId()));
    }
    workflows.signalWithStart(ref.phoneNumberId(), ref.waId(), wf -> wf::requestStatus, signal.get());
    log.info("status {} of permission request {} signalled to business number {} / customer {}",
        status.status(), status.messageId(), ref.phoneNumberId(), PhoneMask.mask(ref.waId()));
    return RouteResult.dispatched();
  }
}
