package io.wacall.it.sandbox;

import io.temporal.spring.boot.autoconfigure.MetricsScopeAutoConfiguration;
import io.temporal.spring.boot.autoconfigure.NonRootNamespaceAutoConfiguration;
import io.temporal.spring.boot.autoconfigure.OpenTracingAutoConfiguration;
import io.temporal.spring.boot.autoconfigure.RootNamespaceAutoConfiguration;
import io.temporal.spring.boot.autoconfigure.ServiceStubsAutoConfiguration;
import io.temporal.spring.boot.autoconfigure.TestServerAutoConfiguration;
import io.wacall.sandbox.SandboxConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The sandbox alone in a web server, with a stand-in for our webhook adapter. No database and no
 * Temporal: the sandbox needs neither, though the backend module brings their starters.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
    exclude = {
      DataSourceAutoConfiguration.class,
      FlywayAutoConfiguration.class,
      MetricsScopeAutoConfiguration.class,
      OpenTracingAutoConfiguration.class,
      TestServerAutoConfiguration.class,
      ServiceStubsAutoConfiguration.class,
      RootNamespaceAutoConfiguration.class,
      NonRootNamespaceAutoConfiguration.class
    })
@Import({SandboxConfiguration.class, RecordingWebhookReceiver.class})
class SandboxTestApplication {
  @Bean
  MutableClock clock() {
    return new MutableClock();
  }
}
