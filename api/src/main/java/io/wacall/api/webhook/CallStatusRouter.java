package io.wacall.api.webhook;

import io.wacall.backend.store.CallReadModel;
import io.wacall.api.call.CallWorkflows;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Routes {@code statuses[]} of business-initiated calls (RINGING, ACCEPTED, REJECTED) to their OutboundCall. */
@Component
public class CallStatusRouter implements WebhookEventRouter<CallStatusEvent> {
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
    return CallEventRouter.OutboundRouting.deliver(workflows, calls, event.callId(), event.bizOpaqueCallbackData(),
        event.timestamp(), CallEvents.toSignal(event), clock);
  }
}
