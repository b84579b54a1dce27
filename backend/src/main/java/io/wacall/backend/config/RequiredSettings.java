package io.wacall.backend.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a process that would run without a secret it needs, naming the property and
 * its environment variable. Only the embedded profile's development values serve instead (that
 * profile refuses them beside real Meta credentials); the sandbox flag alone waives nothing, so an
 * API or worker started with {@code WACALL_SANDBOX_ENABLED=true} still needs its secrets.
 */
@Component
public class RequiredSettings implements InitializingBean {
  private final Environment env;

  public RequiredSettings(Environment env) {
    this.env = env;
  }

  @Override
  public void afterPropertiesSet() {
    List<String> missing = missing(env);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("wacall cannot start: missing configuration "
          + String.join(", ", missing) + ". Set them (see README, Configuration) or run the embedded default.");
    }
  }

  /** The required settings that are blank, as {@code property (ENV_VAR)}. */
  static List<String> missing(Environment env) {
    List<String> missing = new ArrayList<>();
    List<String> profiles = Arrays.asList(env.getActiveProfiles());
    if (profiles.contains("embedded")) {
      return missing;
    }
    if (profiles.contains("worker")) {
      require(env, "wacall.cloud-api.access-token", missing);
    }
    if (profiles.contains("api")) {
      require(env, "wacall.webhook.app-secret", missing);
      require(env, "wacall.webhook.verify-token", missing);
      // services authenticate with static tokens or, instead, with the CRM's identity provider
      if (isBlank(env.getProperty("wacall.api.jwt.issuer-uri"))) {
        require(env, "wacall.api.tokens", missing);
      }
    }
    return missing;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static void require(Environment env, String property, List<String> missing) {
    if (isBlank(env.getProperty(property))) {
      missing.add(property + " (" + property.toUpperCase().replace('.', '_').replace('-', '_') + ")");
    }
  }
}
