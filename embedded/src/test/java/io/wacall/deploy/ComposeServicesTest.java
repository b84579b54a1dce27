package io.wacall.deploy;

import static io.wacall.deploy.DeployFiles.environment;
import static io.wacall.deploy.DeployFiles.interpolate;
import static io.wacall.deploy.DeployFiles.service;
import static io.wacall.deploy.DeployFiles.services;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.wacall.sandbox.SandboxGuard;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, checked without a Docker engine: the services the apps need, their start
 * order, pinned images, ports, and that the pieces point at each other (names, ports, databases,
 * namespace, search attributes).
 */
class ComposeServicesTest {
  /** major.minor, or a dated release as MinIO names its versions ({@code RELEASE.2025-04-22T22-12-26Z}). */
  private static final Pattern PINNED_TAG =
      Pattern.compile("\\d+\\.\\d+.*|RELEASE\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z");
  private static final Set<String> SEARCH_ATTRIBUTES =
      Set.of("WaPhoneNumberId", "WaCallDirection", "WaCallStatus", "WaPermissionStatus", "WaAgentId");

  private final Map<String, Object> compose = DeployFiles.compose();
  private final Map<String, String> envExample = DeployFiles.envExampleValues();

  @Test
  void everyServiceTheAppsNeedIsThere_andOnlyTheSandboxIsOptional() {
    assertThat(services(compose)).containsKeys(
        "postgres", "temporal-schema", "temporal", "temporal-setup", "temporal-ui", "worker", "api", "sandbox");
    assertThat(image("postgres")).startsWith("postgres:");
    assertThat(image("temporal")).startsWith("temporalio/server:");
    assertThat(image("temporal-schema")).startsWith("temporalio/admin-tools:");
    assertThat(image("temporal-setup")).startsWith("temporalio/admin-tools:");
    assertThat(image("temporal-ui")).startsWith("temporalio/ui:");
    services(compose).forEach((name, s) -> {
      Object profiles = ((Map<?, ?>) s).get("profiles");
      if (name.equals("sandbox")) {
        assertThat(profiles).as("sandbox runs only in profile sandbox").isEqualTo(List.of("sandbox"));
      } else {
        assertThat(profiles).as(name + " must start without a profile").isNull();
      }
    });
  }

  @Test
  void servicesStartInOrder_onHealthyOrCompletedDependencies() {
    assertDependsOn("temporal-schema", "postgres", "service_healthy");
    assertDependsOn("temporal", "temporal-schema", "service_completed_successfully");
    assertDependsOn("temporal-setup", "temporal", "service_healthy");
    assertDependsOn("temporal-ui", "temporal", "service_healthy");
    for (String app : AppServices.NAMES) {
      assertDependsOn(app, "postgres", "service_healthy");
      assertDependsOn(app, "temporal-setup", "service_completed_successfully");
    }
    services(compose).forEach((name, s) -> {
      Object dependsOn = ((Map<?, ?>) s).get("depends_on");
      if (dependsOn == null) {
        return;
      }
      assertThat(dependsOn).as(name + ": depends_on needs the long form with a condition").isInstanceOf(Map.class);
      ((Map<?, ?>) dependsOn).forEach((target, how) -> {
        String condition = String.valueOf(((Map<?, ?>) how).get("condition"));
        assertThat(condition).as(name + " -> " + target)
            .isIn("service_healthy", "service_completed_successfully", "service_started");
        if (condition.equals("service_healthy")) {
          assertThat(hasHealthcheck(String.valueOf(target)))
              .as(name + " waits for " + target + " to be healthy, but " + target + " has no health check").isTrue();
        }
        if (condition.equals("service_completed_successfully")) {
          Map<String, Object> oneShot = service(compose, String.valueOf(target));
          assertThat(oneShot.get("restart")).as(target + " is a one-shot step: restart \"no\"").isEqualTo("no");
          assertThat(oneShot).as(target + " is a one-shot step: no ports").doesNotContainKey("ports");
        }
      });
    });
  }

  @Test
  void everyImageIsPinnedToAVersion() {
    services(compose).forEach((name, s) -> {
      Object image = ((Map<?, ?>) s).get("image");
      if (image != null) {
        assertPinned(name, String.valueOf(image));
      } else {
        assertThat(((Map<?, ?>) s).get("build")).as(name + " has neither image nor build").isNotNull();
      }
    });
    assertThat(image("temporal-schema")).as("schema tool and server are one release")
        .endsWith(":" + tag(image("temporal")));
    assertThat(image("temporal-setup")).isEqualTo(image("temporal-schema"));
  }

  static void assertPinned(String where, String image) {
    int at = image.indexOf('@');
    if (at >= 0) {
      assertThat(image.substring(at + 1)).as(where + ": digest of " + image).matches("sha256:[0-9a-f]{64}");
      return;
    }
    String tag = tag(image);
    assertThat(tag).as(where + ": " + image + " needs a tag").isNotEmpty();
    assertThat(tag).as(where + ": " + image + " floats").isNotEqualToIgnoringCase("latest");
    assertThat(tag).as(where + ": " + image + " must name a version (major.minor at least)").matches(PINNED_TAG);
  }

  private static String tag(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(colon + 1) : "";
  }

  @Test
  void hostPortsDoNotClash_andTheWorkerPublishesNoneSoItScales() {
    Map<String, String> owners = new TreeMap<>();
    services(compose).forEach((name, s) -> {
      for (Object port : list(((Map<?, ?>) s).get("ports"))) {
        String hostPort = hostPort(interpolate(String.valueOf(port), envExample));
        assertThat(hostPort).as(name + ": publish a fixed host port, or none: " + port).matches("\\d+");
        String other = owners.put(hostPort, name);
        assertThat(other).as("host port " + hostPort + " is published by " + other + " and " + name).isNull();
      }
    });
    assertThat(owners).containsValues("api", "temporal", "temporal-ui", "postgres");
    Map<String, Object> worker = service(compose, "worker");
    assertThat(worker).as("docker compose up --scale worker=N: no host port").doesNotContainKey("ports");
    assertThat(worker).as("docker compose up --scale worker=N: no fixed name").doesNotContainKey("container_name");
    assertThat(service(compose, "api")).doesNotContainKey("container_name");
    assertThat(service(compose, "api").get("ports")).as("the API publishes its container port 8080")
        .asInstanceOf(LIST).singleElement().asString().endsWith(":8080");
  }

  @Test
  void actuatorsManagementPortIsPublishedOnNoHostPort_andListensOnLoopbackInTheEmbeddedSandbox() {
    for (String app : AppServices.NAMES) {
      Map<String, Object> service = service(compose, app);
      String managementPort = DeployFiles.buildArgs(service).get("MANAGEMENT_PORT");
      assertThat(managementPort).as(app + ": build arg MANAGEMENT_PORT").matches("\\d+");
      for (Object port : list(service.get("ports"))) {
        String mapping = interpolate(String.valueOf(port), envExample);
        assertThat(containerPort(mapping)).as(app + " publishes actuator's management port: " + mapping).isNotEqualTo(managementPort);
      }
    }
    List<String> profiles = AppServices.profiles(AppServices.mainClass(service(compose, "sandbox")));
    assertThat(SpringPropertyCatalog.ApplicationYaml.value(profiles, "management", "server", "address"))
        .as("the embedded profile keeps actuator on loopback, in the sandbox container too").hasValue("127.0.0.1");
    assertThat(environment(service(compose, "sandbox"))).as("only the sandbox's API port is opened to the network")
        .doesNotContainKey("MANAGEMENT_SERVER_ADDRESS").doesNotContainKey("MANAGEMENT_SERVER_PORT");
  }

  /** {@code "127.0.0.1:8081:8081"}, {@code "8080:8080"} -> the container port. */
  private static String containerPort(String port) {
    String[] parts = port.split("/")[0].split(":");
    return parts[parts.length - 1];
  }

  /** {@code "127.0.0.1:5432:5432"}, {@code "8080:8080"} or the long form -> the host port. */
  private static String hostPort(String port) {
    String[] parts = port.split("/")[0].split(":");
    return parts.length >= 2 ? parts[parts.length - 2] : "";
  }

  @Test
  void theAppsReachTemporalAndPostgresByServiceName_inTheDatabaseAndNamespaceTheSetupCreates() {
    String init = DeployFiles.read("deploy/postgres/init-databases.sh");
    Map<String, String> temporal = environment(service(compose, "temporal"));
    String namespace = environment(service(compose, "temporal-setup")).get("TEMPORAL_NAMESPACE");
    for (String app : AppServices.NAMES) {
      Map<String, String> env = environment(service(compose, app));
      assertThat(env.get("SPRING_TEMPORAL_CONNECTION_TARGET")).as(app).isEqualTo("temporal:7233");
      assertThat(env.get("SPRING_TEMPORAL_NAMESPACE")).as(app + ": the namespace temporal-setup creates").isEqualTo(namespace);
      URI jdbc = URI.create(env.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));
      assertThat(jdbc.getHost()).as(app).isEqualTo("postgres");
      assertThat(jdbc.getPort()).as(app).isEqualTo(5432);
      String database = jdbc.getPath().substring(1);
      assertThat(init).as("init-databases.sh creates " + database + " owned by " + env.get("SPRING_DATASOURCE_USERNAME"))
          .containsPattern("CREATE DATABASE " + database + " OWNER " + env.get("SPRING_DATASOURCE_USERNAME") + ";")
          .containsPattern("CREATE ROLE " + env.get("SPRING_DATASOURCE_USERNAME") + " LOGIN");
    }
    assertThat(services(compose)).containsKey("temporal");
    assertThat(((Map<?, ?>) service(compose, "temporal").get("healthcheck")).get("test").toString()).contains("7233");
    assertThat(temporal).containsEntry("DB", "postgres12").containsEntry("POSTGRES_SEEDS", "postgres");
    for (String db : List.of(temporal.get("DBNAME"), temporal.get("VISIBILITY_DBNAME"))) {
      assertThat(init).as("init-databases.sh creates Temporal's database " + db)
          .containsPattern("CREATE DATABASE " + db + " OWNER " + temporal.get("POSTGRES_USER") + ";");
      assertThat(DeployFiles.read("deploy/temporal/setup-schema.sh")).as("setup-schema.sh sets up " + db).contains(db);
    }
    assertThat(environment(service(compose, "temporal-schema")).get("SQL_USER")).isEqualTo(temporal.get("POSTGRES_USER"));
    assertThat(environment(service(compose, "temporal-setup")).get("TEMPORAL_ADDRESS")).isEqualTo("temporal:7233");
    assertThat(environment(service(compose, "temporal-ui")).get("TEMPORAL_ADDRESS")).isEqualTo("temporal:7233");
  }

  @Test
  void theSetupRegistersExactlyWacallsFiveKeywordSearchAttributes() {
    String pairs = environment(service(compose, "temporal-setup")).get("SEARCH_ATTRIBUTES");
    Map<String, String> registered = new LinkedHashMap<>();
    for (String pair : pairs.trim().split("\\s+")) {
      String[] nameAndType = pair.split(":");
      assertThat(nameAndType).as("name:type, got " + pair).hasSize(2);
      assertThat(registered.put(nameAndType[0], nameAndType[1])).as("registered twice: " + nameAndType[0]).isNull();
    }
    assertThat(registered.keySet()).containsExactlyInAnyOrderElementsOf(SEARCH_ATTRIBUTES);
    assertThat(registered.values()).as("every one is a Keyword").containsOnly("Keyword");
    String script = DeployFiles.read("deploy/temporal/setup-namespace.sh");
    assertThat(script).contains("for pair in $SEARCH_ATTRIBUTES", "temporal operator search-attribute create",
        "temporal operator namespace create");
    assertThat(script).as("the script registers nothing but what SEARCH_ATTRIBUTES lists")
        .doesNotContain("--name Wa").doesNotContain("CustomKeywordField");
    assertThat(script).as("search attributes go into TEMPORAL_NAMESPACE").contains("--namespace \"$ns\"");
  }

  @Test
  void secretsComeFromTheEnvFile_neverFromTheComposeFile() {
    Pattern secretName = Pattern.compile(".*(PASSWORD|PWD|SECRET|TOKEN).*");
    services(compose).forEach((name, s) -> environment(service(compose, name)).forEach((key, value) -> {
      if (DeployFiles.OPTIONAL_SECRETS.contains(key)) {
        assertThat(value).as(name + ": " + key + " comes from .env, empty unless set").isEqualTo("${" + key + ":-}");
      } else if (secretName.matcher(key).matches()) {
        assertThat(value).as(name + ": " + key + " must be a ${VARIABLE} from .env").matches("\\$\\{[A-Z0-9_]+(:\\?[^}]*)?}");
      }
    }));
    assertThat(DeployFiles.read(".gitignore").lines()).as(".env is never committed").contains(".env");
  }

  @Test
  void everyFileTheComposeFileMountsIsInTheRepository() {
    List<String> sources = new ArrayList<>();
    services(compose).forEach((name, s) -> {
      for (Object volume : list(((Map<?, ?>) s).get("volumes"))) {
        String source = String.valueOf(volume).split(":")[0];
        if (source.startsWith(".")) {
          sources.add(source);
          assertThat(Files.exists(DeployFiles.ROOT.resolve(source).normalize())).as(name + " mounts " + source).isTrue();
        }
      }
    });
    assertThat(sources).contains("./deploy/postgres/init-databases.sh", "./deploy/temporal",
        "./deploy/temporal/dynamicconfig.yaml");
    for (String script : List.of("setup-schema.sh", "setup-namespace.sh")) {
      assertThat(DeployFiles.read("deploy/temporal/" + script)).as(script + " runs under the admin-tools image's sh")
          .startsWith("#!/bin/sh\n").contains("set -eu");
    }
    assertThat(entrypoint("temporal-schema")).containsExactly("/bin/sh", "/opt/wacall/setup-schema.sh");
    assertThat(entrypoint("temporal-setup")).containsExactly("/bin/sh", "/opt/wacall/setup-namespace.sh");
    Path dynamicConfig = DeployFiles.ROOT.resolve("deploy/temporal/dynamicconfig.yaml");
    Map<?, ?> keys = new org.yaml.snakeyaml.Yaml().load(DeployFiles.read(dynamicConfig));
    keys.forEach((key, values) -> assertThat(values).as("dynamic config " + key + ": a list of {value: ...}")
        .asInstanceOf(LIST).allSatisfy(v -> assertThat(v).isInstanceOf(Map.class)
            .satisfies(m -> assertThat(((Map<?, ?>) m).containsKey("value")).as(key + ": value").isTrue())));
    assertThat(environment(service(compose, "temporal")).get("DYNAMIC_CONFIG_FILE_PATH"))
        .isEqualTo("/etc/temporal/config/dynamicconfig/wacall.yaml");
  }

  @Test
  void theSandboxProfileIsWiredToTheApi_andTheShippedEnvFileUsesItConsistently() {
    Map<String, String> sandbox = environment(service(compose, "sandbox"));
    assertThat(sandbox).containsEntry("WACALL_SANDBOX_ENABLED", "true")
        .containsEntry("WACALL_EMBEDDED_TEMPORAL_ENABLED", "false")
        .containsEntry("WACALL_EMBEDDED_POSTGRES_ENABLED", "false")
        .containsEntry("SERVER_ADDRESS", "0.0.0.0")
        .containsEntry("WACALL_SANDBOX_WEBHOOK_URL", "http://api:8080/webhooks/whatsapp");
    assertThat(sandbox).as("a Cloud API token would switch the embedded application to real Meta, the sandbox off")
        .doesNotContainKey("WACALL_CLOUD_API_ACCESS_TOKEN").doesNotContainKey("WACALL_CLOUD_API_BASE_URL");
    Map<String, String> api = environment(service(compose, "api"));
    for (String shared : List.of("WACALL_WEBHOOK_APP_SECRET", "WACALL_WEBHOOK_VERIFY_TOKEN", "WACALL_API_TOKENS",
        "WACALL_API_OPERATOR_TOKENS", "WACALL_API_AGENT_TOKENS_KEYS")) {
      assertThat(sandbox.get(shared)).as("the sandbox signs and authenticates like the API: " + shared).isEqualTo(api.get(shared));
    }
    Map<String, String> withoutBaseUrl = new HashMap<>(envExample);
    withoutBaseUrl.remove("WACALL_CLOUD_API_BASE_URL");
    assertThat(interpolate(environment(service(compose, "worker")).get("WACALL_CLOUD_API_BASE_URL"), withoutBaseUrl))
        .as("unset, the worker calls Meta").isEqualTo("https://graph.facebook.com");
  }

  @Test
  void theShippedEnvFileTalksToRealMeta_theSandboxIsACommentedOption() {
    assertThat(profiles(envExample)).as(".env.example does not start the sandbox").doesNotContain("sandbox");
    String baseUrl = interpolate(environment(service(compose, "worker")).get("WACALL_CLOUD_API_BASE_URL"), envExample);
    assertThat(baseUrl).as("the worker calls Meta").isEqualTo("https://graph.facebook.com");
    assertThat(SandboxGuard.isSandbox(baseUrl)).isFalse();
    for (String app : List.of("worker", "api")) {
      assertThat(environment(service(compose, app))).as(app + " never runs a sandbox")
          .doesNotContainKey("WACALL_SANDBOX_ENABLED").doesNotContainKey("WACALL_SANDBOX_WEBHOOK_URL");
    }

    // staging: the two lines .env.example documents as comments, uncommented
    Map<String, String> alternatives = DeployFiles.envExampleCommentedAlternatives();
    assertThat(alternatives).as(".env.example documents the sandbox option")
        .containsOnlyKeys("COMPOSE_PROFILES", "WACALL_CLOUD_API_BASE_URL");
    Map<String, String> staging = new HashMap<>(envExample);
    staging.putAll(alternatives);
    assertThat(profiles(staging)).contains("sandbox");
    String sandboxUrl = interpolate(environment(service(compose, "worker")).get("WACALL_CLOUD_API_BASE_URL"), staging);
    URI uri = URI.create(sandboxUrl);
    assertThat(uri.getHost()).as("the sandbox service, by name").isEqualTo("sandbox");
    assertThat(String.valueOf(uri.getPort())).as("the sandbox container's port").isEqualTo(
        DeployFiles.buildArgs(service(compose, "sandbox")).get("PORT"));
    assertThat(uri.getPath()).isEqualTo(SandboxGuard.GRAPH_PATH);
    assertThat(SandboxGuard.isSandbox(sandboxUrl)).as("a worker pointed at it calls a sandbox").isTrue();
  }

  @Test
  void theApiGetsEveryCredentialOfTheSecuritySettings_fromTheEnvFile() {
    Map<String, String> api = environment(service(compose, "api"));
    for (String variable : List.of("WACALL_API_TOKENS", "WACALL_API_OPERATOR_TOKENS", "WACALL_API_AGENT_TOKENS_KEYS")) {
      assertThat(api.get(variable)).as("api: " + variable).startsWith("${" + variable + ":?");
    }
    for (String key : interpolate(api.get("WACALL_API_AGENT_TOKENS_KEYS"), envExample).split(",")) {
      int colon = key.indexOf(':');
      assertThat(colon).as("keyId:secret, got " + key).isPositive();
      assertThat(key.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8))
          .as("an agent-token key's secret has 32 bytes or more, or the API refuses to start").hasSizeGreaterThanOrEqualTo(32);
    }
  }

  private static Set<String> profiles(Map<String, String> env) {
    return new LinkedHashSet<>(Arrays.asList(env.getOrDefault("COMPOSE_PROFILES", "").split(",")));
  }

  private String image(String name) {
    return String.valueOf(service(compose, name).get("image"));
  }

  private List<String> entrypoint(String name) {
    return list(service(compose, name).get("entrypoint")).stream().map(String::valueOf).toList();
  }

  private boolean hasHealthcheck(String name) {
    Map<String, Object> target = service(compose, name);
    if (target.get("healthcheck") instanceof Map<?, ?> check) {
      Object test = check.get("test");
      return !Boolean.TRUE.equals(check.get("disable")) && test != null && !List.of("NONE").equals(test);
    }
    return DeployFiles.dockerfile(target).map(DockerfileTest::finalStage)
        .map(stage -> stage.stream().anyMatch(line -> line.startsWith("HEALTHCHECK ")))
        .orElse(false);
  }

  private void assertDependsOn(String service, String target, String condition) {
    Object dependsOn = service(compose, service).get("depends_on");
    assertThat(dependsOn).as(service + " depends_on").isInstanceOf(Map.class);
    Object how = ((Map<?, ?>) dependsOn).get(target);
    assertThat(how).as(service + " must wait for " + target).isNotNull();
    assertThat(((Map<?, ?>) how).get("condition")).as(service + " -> " + target).isEqualTo(condition);
  }

  private static List<?> list(Object node) {
    return node instanceof List<?> l ? l : List.of();
  }
}
