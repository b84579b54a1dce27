package io.wacall.deploy;

import static io.wacall.deploy.DeployFiles.environment;
import static io.wacall.deploy.DeployFiles.interpolate;
import static io.wacall.deploy.DeployFiles.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The environment variables docker-compose.yml sets on wacall's own containers are ones their
 * configuration reads (Spring Boot ignores a misspelt one in silence), and they satisfy
 * {@code RequiredSettings}, so the containers start.
 */
class ComposeAppEnvironmentTest {
  static final List<String> APPS = AppServices.NAMES;

  private final Map<String, Object> compose = DeployFiles.compose();

  @ParameterizedTest(name = "{0}")
  @FieldSource("APPS")
  void everyEnvironmentVariableIsOneTheProcessReads(String name) {
    Map<String, Object> service = service(compose, name);
    Class<?> main = AppServices.mainClass(service);
    SpringPropertyCatalog catalog = SpringPropertyCatalog.of(main, AppServices.profiles(main));
    Set<String> imageVariables = DockerfileTest.environmentOf(DeployFiles.dockerfile(service).orElseThrow());
    Map<String, String> env = environment(service);
    assertThat(env).as(name + " sets its environment").isNotEmpty();
    for (String variable : env.keySet()) {
      assertThat(catalog.objectListFor(variable))
          .as(name + ": " + variable + " addresses one element of the list " + catalog.objectListFor(variable).orElse("")
              + "; an environment variable there replaces the whole list from application.yml (Spring binds"
              + " a list from one source), dropping its other entries")
          .isEmpty();
      if (imageVariables.contains(variable) && catalog.propertyFor(variable).isEmpty()) {
        continue; // read by the image's entrypoint (JAVA_OPTS, MAIN_CLASS)
      }
      assertThat(catalog.propertyFor(variable))
          .as(name + " (" + catalog + "): " + variable + " is read by no configuration of this process."
              + " Nearest properties: " + catalog.nearest(variable, 3))
          .isPresent();
    }
  }

  @Test
  void theCatalogKnowsWhatEachProcessReads_andNothingElse() {
    SpringPropertyCatalog worker = catalogOf("worker");
    SpringPropertyCatalog api = catalogOf("api");
    SpringPropertyCatalog sandbox = catalogOf("sandbox");
    assertThat(worker.profiles()).containsExactly("worker");
    assertThat(api.profiles()).containsExactly("api");
    assertThat(sandbox.profiles()).containsExactly("worker", "api", "embedded");

    assertThat(worker.propertyFor("WACALL_CLOUD_API_ACCESS_TOKEN")).hasValue("wacall.cloud-api.access-token");
    assertThat(worker.propertyFor("WACALL_CLOUDAPI_ACCESSTOKEN")).as("the canonical form binds too").isPresent();
    assertThat(worker.propertyFor("SPRING_TEMPORAL_WORKFLOW_CACHE_MAX_INSTANCES")).isPresent();
    assertThat(worker.propertyFor("LOGGING_LEVEL_IO_WACALL")).hasValue("logging.level.*");
    assertThat(worker.propertyFor("WACALL_SANDBOX_WEBHOOK_URL")).as("the worker has no sandbox").isEmpty();
    assertThat(worker.propertyFor("SPRINGDOC_SWAGGER_UI_PATH")).as("union of the libraries' metadata").isPresent();
    assertThat(worker.propertyFor("WACALL_CLOUD_API_ACESS_TOKEN")).as("misspelt").isEmpty();
    assertThat(worker.objectListFor("SPRING_TEMPORAL_WORKERS_0_CAPACITY_MAX_CONCURRENT_ACTIVITY_EXECUTORS"))
        .hasValue("spring.temporal.workers");

    assertThat(api.propertyFor("WACALL_API_TOKENS")).hasValue("wacall.api.tokens");
    assertThat(api.propertyFor("WACALL_WEBHOOK_APP_SECRET")).hasValue("wacall.webhook.app-secret");
    assertThat(api.propertyFor("WACALL_SANDBOX_WEBHOOK_URL")).as("the API has no sandbox").isEmpty();
    assertThat(api.propertyFor("WACALL_EMBEDDED_TEMPORAL_ENABLED")).isEmpty();

    assertThat(sandbox.propertyFor("WACALL_SANDBOX_WEBHOOK_URL")).hasValue("wacall.sandbox.webhook-url");
    assertThat(sandbox.propertyFor("WACALL_SANDBOX_DELIVERY_MAX_ATTEMPTS")).hasValue("wacall.sandbox.delivery.max-attempts");
    assertThat(sandbox.propertyFor("WACALL_SANDBOX_CUSTOMER_TALK")).hasValue("wacall.sandbox.customer.talk");
    assertThat(sandbox.propertyFor("WACALL_EMBEDDED_POSTGRES_ENABLED")).hasValue("wacall.embedded.postgres.enabled");
    assertThat(sandbox.propertyFor("SERVER_ADDRESS")).hasValue("server.address");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("APPS")
  void theContainersStart_requiredSettingsFindEverySecret(String name) {
    Map<String, Object> service = service(compose, name);
    Map<String, String> env = new LinkedHashMap<>();
    environment(service).forEach((k, v) -> env.put(k, interpolate(v, DeployFiles.envExampleValues())));
    List<String> profiles = AppServices.profiles(AppServices.mainClass(service));
    assertThat(AppServices.missingRequiredSettings(profiles, env)).as(name + " with .env.example").isEmpty();
  }

  @Test
  void withoutTheirSecrets_theWorkerAndTheApiWouldRefuseToStart() {
    Set<String> required = new TreeSet<>();
    for (String name : List.of("worker", "api")) {
      List<String> profiles = AppServices.profiles(AppServices.mainClass(service(compose, name)));
      AppServices.missingRequiredSettings(profiles, Map.of()).forEach(m -> required.add(AppServices.envVarOf(m)));
    }
    assertThat(required).as("RequiredSettings, asked with the worker's and the API's profiles").contains(
        "WACALL_CLOUD_API_ACCESS_TOKEN", "WACALL_WEBHOOK_APP_SECRET", "WACALL_WEBHOOK_VERIFY_TOKEN", "WACALL_API_TOKENS");
  }

  private SpringPropertyCatalog catalogOf(String name) {
    Class<?> main = AppServices.mainClass(service(compose, name));
    return SpringPropertyCatalog.of(main, AppServices.profiles(main));
  }
}
