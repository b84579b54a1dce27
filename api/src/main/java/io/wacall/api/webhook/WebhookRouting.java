package io.wacall.api.webhook;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The routers in the context, by kind. Refuses to start with two routers for one kind. */
@Component
public class WebhookRouting {
  private final Map<WebhookEventKind, WebhookEventRouter<?>> routers;

  public WebhookRouting(List<WebhookEventRouter<?>> routers) {
    Map<WebhookEventKind, WebhookEventRouter<?>> byKind = new EnumMap<>(WebhookEventKind.class);
    for (WebhookEventRouter<?> router : routers) {
      WebhookEventRouter<?> other = byKind.put(router.kind(), router);
      if (other != null) {
        throw new IllegalStateException("two webhook routers for " + router.kind() + ": "
            + other.getClass().getName() + " and " + router.getClass().getName());
      }
    }
    this.routers = Collections.unmodifiableMap(byKind);
  }

  public boolean routes(WebhookEventKind kind) {
    return routers.containsKey(kind);
  }

  /** The router for the event's kind, typed to it. */
  @SuppressWarnings("unchecked")
  public <E extends WebhookEvent> Optional<WebhookEventRouter<E>> routerFor(E event) {
    return Optional.ofNullable((WebhookEventRouter<E>) routers.get(event.kind()));
  }
}
