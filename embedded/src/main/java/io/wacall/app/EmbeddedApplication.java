package io.wacall.app;

import io.wacall.api.ApiConfiguration;
import io.wacall.embedded.DevSignInController;
import io.wacall.embedded.EmbeddedDatabase;
import io.wacall.embedded.EmbeddedTemporalServer;
import io.wacall.sandbox.SandboxConfiguration;
import io.wacall.worker.WorkerConfiguration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Everything in one process, the embedded default: the Temporal test server on 127.0.0.1:7233,
 * an embedded PostgreSQL, the worker, the API on 127.0.0.1:8080 (actuator on 127.0.0.1:8081) and
 * the Cloud API sandbox. With real Meta credentials ({@code WACALL_CLOUD_API_ACCESS_TOKEN}) the
 * sandbox is switched off and the same process talks to Meta; it then refuses to start with any
 * development credential of the embedded profile, all of them public (this file, the README).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({WorkerConfiguration.class, ApiConfiguration.class, SandboxConfiguration.class, DevSignInController.class})
public class EmbeddedApplication {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedApplication.class);
  /** The placeholder token of the embedded profile: any other token means real Meta. */
  public static final String SANDBOX_TOKEN = "sandbox-token";
  // the embedded profile's development credentials (application.yml), refused with real Meta
  public static final String DEV_APP_SECRET = "embedded-dev-app-secret";
  public static final String DEV_VERIFY_TOKEN = "embedded-dev-verify-token";
  public static final String DEV_API_TOKEN = "dev-token";
  public static final String DEV_OPERATOR_TOKEN = "dev-operator-token";
  /** The secret of the embedded profile's agent-token signing key ({@code keyId:secret}): it mints any agent's token. */
  public static final String DEV_AGENT_TOKEN_SECRET = "embedded-dev-agent-token-key-0123456789";

  public static void main(String[] args) {
    run(args);
  }

  public static ConfigurableApplicationContext run(String... args) {
    SpringApplication app = new SpringApplication(EmbeddedApplication.class);
    app.setAdditionalProfiles("worker", "api", "embedded");
    EmbeddedInfrastructure infra = new EmbeddedInfrastructure();
    app.addListeners(infra::onEnvironment);
    try {
      ConfigurableApplicationContext context = app.run(args);
      context.addApplicationListener((ContextClosedEvent e) -> infra.close());
      return context;
    } catch (RuntimeException e) {
      infra.close();
      throw e;
    }
  }

  /** Starts PostgreSQL and Temporal once the configuration is known, and points Spring at them. */
  static final class EmbeddedInfrastructure {
    private EmbeddedDatabase database;
    private EmbeddedTemporalServer temporal;

    void onEnvironment(org.springframework.context.ApplicationEvent event) {
      if (!(event instanceof ApplicationEnvironmentPreparedEvent prepared)) {
        return;
      }
      ConfigurableEnvironment env = prepared.getEnvironment();
      Map<String, Object> overrides = new HashMap<>();
      String token = env.getProperty("wacall.cloud-api.access-token", SANDBOX_TOKEN);
      boolean realMeta = !SANDBOX_TOKEN.equals(token);
      if (realMeta) {
        List<String> development = developmentCredentials(env);
        if (!development.isEmpty()) {
          throw new IllegalStateException("WACALL_CLOUD_API_ACCESS_TOKEN is set (real Meta), so the embedded "
              + "profile's development credentials, which are public, must be replaced: " + String.join("; ", development));
        }
        overrides.put("wacall.sandbox.enabled", "false");
        log.info("Real Cloud API credentials configured: the sandbox is off, calls go to {}",
            env.getProperty("wacall.cloud-api.base-url"));
      } else {
        String port = env.getProperty("server.port", "8080");
        overrides.put("wacall.cloud-api.base-url", "http://127.0.0.1:" + port + "/sandbox/graph");
      }
      if (env.getProperty("wacall.embedded.postgres.enabled", Boolean.class, true)) {
        database = EmbeddedDatabase.start(env.getProperty("wacall.embedded.postgres.port", Integer.class, 0));
        overrides.put("spring.datasource.url", database.jdbcUrl());
        overrides.put("spring.datasource.username", "postgres");
        overrides.put("spring.datasource.password", "postgres");
        log.info("Embedded PostgreSQL on 127.0.0.1:{}", database.port());
      }
      if (env.getProperty("wacall.embedded.temporal.enabled", Boolean.class, true)) {
        temporal = EmbeddedTemporalServer.start(env.getProperty("wacall.embedded.temporal.port", Integer.class, 7233));
        overrides.put("spring.temporal.connection.target", temporal.target());
        log.info("Embedded Temporal test server on {}", temporal.target());
      }
      env.getPropertySources().addFirst(new MapPropertySource("wacall-embedded", overrides));
    }

    /** The development credentials still configured, each as {@code property (ENV_VAR) what to do}. */
    static List<String> developmentCredentials(ConfigurableEnvironment env) {
      List<String> found = new ArrayList<>();
      if (DEV_APP_SECRET.equals(env.getProperty("wacall.webhook.app-secret"))) {
        found.add("wacall.webhook.app-secret (WACALL_WEBHOOK_APP_SECRET) must be your app's secret");
      }
      if (DEV_VERIFY_TOKEN.equals(env.getProperty("wacall.webhook.verify-token"))) {
        found.add("wacall.webhook.verify-token (WACALL_WEBHOOK_VERIFY_TOKEN) must be a verify token of your own");
      }
      if (tokens(env, "wacall.api.tokens").contains(DEV_API_TOKEN)) {
        found.add("wacall.api.tokens (WACALL_API_TOKENS) must not hold the development token " + DEV_API_TOKEN);
      }
      if (tokens(env, "wacall.api.operator-tokens").contains(DEV_OPERATOR_TOKEN)) {
        found.add("wacall.api.operator-tokens (WACALL_API_OPERATOR_TOKENS) must not hold the development token "
            + DEV_OPERATOR_TOKEN);
      }
      if (tokens(env, "wacall.api.agent-tokens.keys").stream()
          .anyMatch(key -> key.substring(key.indexOf(':') + 1).equals(DEV_AGENT_TOKEN_SECRET))) {
        found.add("wacall.api.agent-tokens.keys (WACALL_API_AGENT_TOKENS_KEYS) must not hold the development signing key "
            + "(it mints any agent's token): use keyId:secret with a secret of your own");
      }
      return found;
    }

    /** A token list as the API binds it: comma-separated, or indexed ({@code wacall.api.tokens[0]}). */
    private static List<String> tokens(ConfigurableEnvironment env, String property) {
      return Binder.get(env).bind(property, Bindable.listOf(String.class)).orElse(List.of())
          .stream().map(String::trim).toList();
    }

    void close() {
      if (temporal != null) {
        temporal.close();
        temporal = null;
      }
      if (database != null) {
        database.close();
        database = null;
      }
    }
  }
}
