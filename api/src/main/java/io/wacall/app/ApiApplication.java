package io.wacall.app;

import io.wacall.api.ApiConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the API alone (distributed mode): stateless, scale it behind a load balancer. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ApiConfiguration.class)
public class ApiApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(ApiApplication.class);
    app.setAdditionalProfiles("api");
    app.run(args);
  }
}
