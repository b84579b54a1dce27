package io.wacall.app;

import io.wacall.api.ApiConfiguration;
import io.wacall.sandbox.SandboxConfiguration;
import io.wacall.worker.WorkerConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Everything in one process: the embedded default. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({WorkerConfiguration.class, ApiConfiguration.class, SandboxConfiguration.class})
public class EmbeddedApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(EmbeddedApplication.class);
    app.setAdditionalProfiles("worker", "api", "embedded");
    app.run(args);
  }
}
