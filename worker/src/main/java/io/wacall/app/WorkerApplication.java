package io.wacall.app;

import io.wacall.worker.WorkerConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the worker alone (distributed mode): polls the task queue, serves actuator endpoints. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WorkerConfiguration.class)
public class WorkerApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(WorkerApplication.class);
    app.setAdditionalProfiles("worker");
    app.run(args);
  }
}
