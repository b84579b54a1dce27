package io.wacall.backend.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A process that logs like wacall's do: Spring Boot sets up logging from the shared {@code
 * application.yml} (and the command line), then a workflow's log line with customer numbers in
 * the message, the MDC, a key-value pair, the exception and its cause. Run in its own JVM by
 * {@link LogMaskingOutputTest}, since logback is configured once per JVM.
 */
public final class LogMaskingSample {
  static final String WORKFLOW_ID = "permission:106540352242922:447700900123";

  private LogMaskingSample() {}

  @Configuration(proxyBeanMethods = false)
  static class Nothing {}

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(Nothing.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    try (ConfigurableApplicationContext context = app.run(args)) {
      Logger log = LoggerFactory.getLogger(LogMaskingSample.class);
      log.info("started, no workflow");
      MDC.put("WorkflowId", WORKFLOW_ID);
      MDC.put("ActivityType", "SendPermissionRequest");
      Exception failure = new IllegalStateException("customer 5521987650201 unreachable",
          new RuntimeException("cause: +1 (415) 555-0100 refused"));
      log.atWarn().addKeyValue("waId", "5521987650203")
          .log("call to {} failed at 2026-12-01T18:42:20Z after PT45S (HTTP 503)", "+55 21 98765-4321", failure);
      MDC.clear();
    }
  }
}
