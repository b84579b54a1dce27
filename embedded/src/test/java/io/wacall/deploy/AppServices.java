package io.wacall.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The compose services that run wacall's own code, and what the code says about them. */
final class AppServices {
  /** The services built from this repository (docker-compose.yml: worker, api, and the sandbox profile's). */
  static final List<String> NAMES = List.of("worker", "api", "sandbox");

  private static final Pattern PROFILES = Pattern.compile("setAdditionalProfiles\\(([^)]*)\\)");
  private static final Pattern STRING = Pattern.compile("\"([^\"]+)\"");

  private AppServices() {}

  static Class<?> mainClass(Map<String, Object> service) {
    String name = DeployFiles.buildArgs(service).get("MAIN_CLASS");
    if (name == null) {
      throw new AssertionError("service has no build arg MAIN_CLASS: " + service);
    }
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("build arg MAIN_CLASS " + name + " is no class of this repository", e);
    }
  }

  /** The profiles a main class activates ({@code SpringApplication.setAdditionalProfiles(..)} in its source). */
  static List<String> profiles(Class<?> mainClass) {
    String relative = mainClass.getName().replace('.', '/') + ".java";
    for (Path sources : SpringPropertyCatalog.mainSourceRoots()) {
      Path file = sources.resolve(relative);
      if (Files.isRegularFile(file)) {
        Matcher call = PROFILES.matcher(DeployFiles.read(file));
        List<String> profiles = new ArrayList<>();
        while (call.find()) {
          Matcher s = STRING.matcher(call.group(1));
          while (s.find()) {
            profiles.add(s.group(1));
          }
        }
        return profiles;
      }
    }
    throw new AssertionError("no source for " + mainClass.getName());
  }

  /**
   * What {@code RequiredSettings} would refuse to start without, given these profiles and these
   * environment variables: entries of the form {@code property (ENV_VAR)}.
   */
  @SuppressWarnings("unchecked")
  static List<String> missingRequiredSettings(List<String> profiles, Map<String, String> environment) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("compose", Map.copyOf(environment)));
    ConfigurationPropertySources.attach(env);
    env.setActiveProfiles(profiles.toArray(String[]::new));
    try {
      Class<?> settings = Class.forName("io.wacall.backend.config.RequiredSettings");
      Method missing = settings.getDeclaredMethod("missing", org.springframework.core.env.Environment.class);
      missing.setAccessible(true);
      return (List<String>) missing.invoke(null, env);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("RequiredSettings.missing(Environment) changed: " + e, e);
    }
  }

  /** {@code wacall.cloud-api.access-token (WACALL_CLOUD_API_ACCESS_TOKEN)} -> {@code WACALL_CLOUD_API_ACCESS_TOKEN}. */
  static String envVarOf(String missingEntry) {
    Matcher m = Pattern.compile("\\(([A-Z0-9_]+)\\)").matcher(missingEntry);
    if (!m.find()) {
      throw new IllegalStateException("RequiredSettings names no environment variable in: " + missingEntry);
    }
    return m.group(1);
  }
}
