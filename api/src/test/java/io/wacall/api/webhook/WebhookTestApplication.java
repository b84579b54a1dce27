package io.wacall.api.webhook;

import io.wacall.api.security.SecurityConfiguration;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import io.wacall.backend.temporal.TemporalProperties;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.backend.temporal.SearchAttributeRegistrar;
import io.wacall.api.support.TestServerSearchAttributes;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The webhook adapter alone, as the API process runs it: its own beans, PermissionWorkflows, the
 * event store and the permission-request lookup, and a worker for the real CallPermission workflow
 * (declared by the tests' {@code spring.temporal.workers} properties) whose activities are in memory.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties({WebhookProperties.class, TemporalProperties.class})
@Import({
    SecurityConfiguration.class,
    WebhookController.class,
    WebhookIntake.class,
    WebhookEventJson.class,
    WebhookPayloadParser.class,
    WebhookRouting.class,
    WebhookDispatcher.class,
    WebhookDispatchRunner.class,
    PermissionReplyRouter.class,
    PermissionRequestStatusRouter.class,
    PermissionWorkflows.class,
    TestServerSearchAttributes.class,
    SearchAttributeRegistrar.class,
    WacallMetrics.class,
    WebhookEventStore.class,
    PermissionRequestLookup.class,
    PermissionReadModel.class})
class WebhookTestApplication {
  static final String APP_SECRET = "webhook-test-app-secret";
  /** The secret before the last rotation, still accepted (wacall.webhook.previous-app-secret). */
  static final String PREVIOUS_APP_SECRET = "webhook-test-previous-app-secret";
  static final String VERIFY_TOKEN = "webhook-test-verify-token";

  /** BackendConfiguration's wall clock, which this slice of the context does not import. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  RecordingPermissionActivities testPermissionActivities() {
    return new RecordingPermissionActivities();
  }

  /** Real time: a week-long grant must still be running when the test queries it. */
  @Bean
  TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> realTimeTestServer() {
    return options -> options.setUseTimeskipping(false);
  }

  /**
   * The SDK retries an unreachable server for a minute per call, and waits up to 10 s before it
   * tries a server that went away again; an outage test need not wait that long.
   */
  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> quickOutageRecovery() {
    return options -> options
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(1)).validateBuildWithDefaults())
        .setConnectionBackoffResetFrequency(Duration.ofMillis(500));
  }
}
