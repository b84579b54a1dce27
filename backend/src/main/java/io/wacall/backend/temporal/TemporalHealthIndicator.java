package io.wacall.backend.temporal;

import io.temporal.client.WorkflowClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the Temporal frontend answers its gRPC health check: in {@code /actuator/health} and alone
 * at {@code /actuator/health/temporal}, not in readiness. A process that cannot reach
 * Temporal still takes traffic (the API stores Meta's webhooks and dispatches them once Temporal
 * is back) and is not restarted for it (liveness stays up, the SDK reconnects by itself).
 */
@Component("temporal")
public class TemporalHealthIndicator implements HealthIndicator {
  private final WorkflowClient client;

  public TemporalHealthIndicator(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public Health health() {
    try {
      var response = client.getWorkflowServiceStubs().healthCheck();
      return Health.status(response.getStatus().name().equals("SERVING") ? "UP" : "DOWN")
          .withDetail("namespace", client.getOptions().getNamespace())
          .withDetail("grpcStatus", response.getStatus().name())
          .build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
    }
  }
}
