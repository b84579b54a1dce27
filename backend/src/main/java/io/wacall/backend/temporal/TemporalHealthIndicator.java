package io.wacall.backend.temporal;

import io.temporal.client.WorkflowClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the Temporal frontend answers its gRPC health check. Part of the readiness group: a
 * process that cannot reach Temporal should get no traffic, but is not restarted for it (liveness
 * stays up, the SDK reconnects by itself).
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
