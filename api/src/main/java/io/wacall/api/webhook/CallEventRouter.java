package io.wacall.api.webhook;

import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.wacall.backend.store.CallReadModel;
import io.wacall.api.call.CallWorkflows;
import io.wacall.contract.WorkflowIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Routes {@code calls[]} connect and terminate webhooks; any other event name (Meta adds some) is
 * stored as IGNORED with the reason, and never signalled. A user-initiated call's events go to its
 * InboundCall by signal-with-start (so a terminate that arrives before its connect is kept); a
 * business-initiated call's events go to the OutboundCall named in {@code biz_opaque_callback_data},
 * else to the one the read model knows by wacid.
 *
 * <p>Stale connects (older than {@code wacall.webhook.stale-after}) are not acted upon: ringing
 * agents for a call the customer gave up on long ago helps nobody. Stale terminates are still
 * delivered: they only end a call, and a call left waiting for its end is worse than a late end.
 */
@Component
public class CallEventRouter implements WebhookEventRouter<MetaCallEvent> {
  private static final Logger log = LoggerFactory.getLogger(CallEventRouter.class);

  private final CallWorkflows workflows;
  private final CallReadModel calls;
  private final Duration staleAfter;
  private final Clock clock;

  public CallEventRouter(CallWorkflows workflows, CallReadModel calls, WebhookProperties properties, Clock clock) {
    this.workflows = workflows;
    this.calls = calls;
    this.staleAfter = properties.staleAfter();
    this.clock = clock;
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.CALL;
  }

  @Override
  public RouteResult route(MetaCallEvent event) {
    if (!event.isConnect() && !event.isTerminate()) {
      // Meta adds call events (a recording being available, say): none of them ends or starts a call
      return RouteResult.ignored("call event '" + event.event() + "' is not handled: only connect and terminate act"
          + " on a call; stored for the record");
    }
    if (event.callId() == null || event.phoneNumberId() == null || event.direction() == null) {
      throw new UnroutableEventException("call event without id, metadata.phone_number_id or direction");
    }
    if (event.isConnect() && CallEvents.stale(event.timestamp(), staleAfter, clock)) {
      return RouteResult.ignored("stale connect from " + event.timestamp() + " (older than " + staleAfter + ")");
    }
    CallWebhookEvent signal = CallEvents.toSignal(event);
    if (event.direction() == CallDirection.USER_INITIATED) {
      try {
        workflows.signalInbound(event.phoneNumberId(), signal);
      } catch (WorkflowExecutionAlreadyStarted ended) {
        return RouteResult.ignored("the call " + event.callId() + " has already ended");
      }
      log.info("{} of inbound call {} from {} routed", event.event(), event.callId(), PhoneMask.mask(event.from()));
      return RouteResult.dispatched();
    }
    return OutboundRouting.deliver(workflows, calls, event.callId(), event.bizOpaqueCallbackData(), event.timestamp(),
        signal, clock);
  }

  /** Finding and signalling the OutboundCall of a business-initiated call's webhook. */
  static final class OutboundRouting {
    /** How long an event may wait for its call to be recorded (the connect answer is racing the webhook). */
    static final Duration UNKNOWN_CALL_PATIENCE = Duration.ofMinutes(2);

    private OutboundRouting() {}

    static RouteResult deliver(CallWorkflows workflows, CallReadModel calls, String wacid, String bizOpaque,
        Instant timestamp, CallWebhookEvent signal, Clock clock) {
      Optional<String> id = bizOpaque != null && bizOpaque.startsWith(WorkflowIds.OUTBOUND_CALL_PREFIX)
          ? Optional.of(bizOpaque) : calls.idByWacid(wacid);
      if (id.isEmpty()) {
        if (timestamp != null && timestamp.isBefore(clock.instant().minus(UNKNOWN_CALL_PATIENCE))) {
          return RouteResult.ignored("no call of ours has wacid " + wacid);
        }
        return RouteResult.retryLater("call " + wacid + " is not recorded yet");
      }
      try {
        workflows.signal(id.get(), signal);
      } catch (WorkflowNotFoundException ended) {
        return RouteResult.ignored("the call " + id.get() + " has already ended");
      }
      log.info("{} of outbound call {} routed to {}", signal.kind(), wacid, id.get());
      return RouteResult.dispatched();
    }
  }
}
