package io.wacall.api.webhook;

import io.wacall.backend.store.CallReadModel;
import io.wacall.api.call.CallWorkflows;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Routes {@code statuses[]} of business-initiated calls to their OutboundCall: only ACCEPTED and
 * REJECTED are signalled. RINGING (and any status Meta may add) is stored but not signalled: it
 * changes nothing the workflow decides, and every signal is a billable action; it ends IGNORED with
 * the reason.
 */
@Component
public class CallStatusRouter implements WebhookEventRouter<CallStatusEvent> {
  /** The statuses the OutboundCall acts on. */
  static final Set<String> SIGNALLED = Set.of("ACCEPTED", "REJECTED");

  private final CallWorkflows workflows;
  private final CallReadModel calls;
  private final Clock clock;

  public CallStatusRouter(CallWorkflows workflows, CallReadModel calls, Clock clock) {
    this.workflows = workflows;
    this.calls = calls;
    this.clock = clock;
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.CALL_STATUS;
  }

  @Override
  public RouteResult route(CallStatusEvent event) {
    if (event.callId() == null || event.status() == null) {
      throw new UnroutableEventException("call status without id or status");
    }
    String status = event.status().strip().toUpperCase(Locale.ROOT);
    if (!SIGNALLED.contains(status)) {
      return RouteResult.ignored("status " + status + " is stored, not signalled: it changes no decision of the call");
    }
    return CallEventRouter.OutboundRouting.deliver(workflows, calls, event.callId(), event.bizOpaqueCallbackData(),
        event.timestamp(), CallEvents.toSignal(event), clock);
  }
}
