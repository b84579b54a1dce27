package io.wacall.it.sandbox;

import io.wacall.sandbox.SandboxConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The sandbox alone in a web server, with a stand-in for our webhook adapter. No database and no
 * Temporal: the sandbox needs neither, and its tests have no starter of ours on the classpath (the
 * API's classes come without their dependencies, for WebhookSignature alone).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({SandboxConfiguration.class, RecordingWebhookReceiver.class})
class SandboxTestApplication {
  @Bean
  MutableClock clock() {
    return new MutableClock();
  }
}
