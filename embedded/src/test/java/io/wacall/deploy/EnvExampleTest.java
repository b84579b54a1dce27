package io.wacall.deploy;

import static io.wacall.deploy.DeployFiles.environment;
import static io.wacall.deploy.DeployFiles.service;
import static io.wacall.deploy.DeployFiles.services;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.deploy.DeployFiles.EnvLine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code .env.example}: every variable the compose file uses, each explained, every secret covered. */
class EnvExampleTest {
  private final Map<String, Object> compose = DeployFiles.compose();
  private final Map<String, EnvLine> envExample = DeployFiles.envExample();

  @Test
  void everyVariableTheComposeFileUsesIsDeclared_andEveryDeclaredOneIsUsed() {
    Set<String> used = new TreeSet<>();
    DeployFiles.strings(compose, s -> used.addAll(DeployFiles.variables(s)));
    assertThat(used).as("the compose file interpolates variables").isNotEmpty();
    assertThat(envExample.keySet()).as("declared in .env.example").containsAll(used);
    for (String declared : envExample.keySet()) {
      if (!declared.startsWith("COMPOSE_")) { // read by docker compose itself
        assertThat(used).as(".env.example declares " + declared + ", which docker-compose.yml never uses").contains(declared);
      }
    }
  }

  @Test
  void everyVariableHasACommentRightAboveIt() {
    envExample.values().forEach(line -> assertThat(line.commentAbove())
        .as(".env.example line " + line.lineNumber() + ": " + line.name() + " needs a comment line above it")
        .isNotBlank());
  }

  @Test
  void everySecretRequiredSettingsNamesIsDeclared_andPassedToTheServiceThatNeedsIt() {
    for (String name : List.of("worker", "api")) {
      Map<String, Object> service = service(compose, name);
      List<String> profiles = AppServices.profiles(AppServices.mainClass(service));
      List<String> missing = AppServices.missingRequiredSettings(profiles, Map.of());
      assertThat(missing).as(name + " requires secrets").isNotEmpty();
      for (String entry : missing) {
        String variable = AppServices.envVarOf(entry);
        assertThat(envExample).as(".env.example must declare " + variable + " (" + name + " needs " + entry + ")")
            .containsKey(variable);
        assertThat(envExample.get(variable).value()).as(variable + " in .env.example").isNotBlank();
        assertThat(environment(service).get(variable)).as(name + " must get " + variable + " from .env")
            .startsWith("${" + variable);
      }
    }
  }

  @Test
  void aMissingSecretStopsComposeWithAMessage() {
    Map<String, String> values = DeployFiles.envExampleValues();
    values.put("WACALL_API_TOKENS", "");
    String tokens = environment(service(compose, "api")).get("WACALL_API_TOKENS");
    assertThatThrownBy(() -> DeployFiles.interpolate(tokens, values))
        .hasMessageContaining("WACALL_API_TOKENS").hasMessageContaining(".env");
    services(compose).keySet().forEach(name -> environment(service(compose, name)).forEach((key, value) -> {
      if (value != null && !DeployFiles.OPTIONAL_SECRETS.contains(key)
          && DeployFiles.variables(value).stream().anyMatch(v -> v.matches(".*(PASSWORD|SECRET|TOKEN).*"))) {
        assertThat(value).as(name + ": " + key + " must stop compose when its secret is unset (${VAR:?message})")
            .containsPattern("\\$\\{[A-Z_]+:\\?");
      }
    }));
  }
}
