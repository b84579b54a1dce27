package io.wacall.deploy;

import static io.wacall.deploy.DeployFiles.service;
import static io.wacall.deploy.DeployFiles.services;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile(s) docker-compose.yml builds: multi-stage (the Maven wrapper builds, a JRE runs),
 * pinned base images, a non-root user, a health check on liveness and readiness (on the management
 * port), and build args that name a real module, main class, port and management port.
 */
class DockerfileTest {
  private static final Pattern FROM = Pattern.compile("^FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern ENV_OR_ARG = Pattern.compile("^(?:ENV|ARG)\\s+(.*)$");

  private final Map<String, Object> compose = DeployFiles.compose();

  @Test
  void theAppsAreBuiltFromThisRepository() {
    for (String name : AppServices.NAMES) {
      Map<?, ?> build = (Map<?, ?>) service(compose, name).get("build");
      assertThat(build).as(name + " is built, not pulled").isNotNull();
      assertThat(build.get("context")).as(name + ": the repository root is the build context").isEqualTo(".");
      assertThat(service(compose, name)).as(name + ": no image name to pull").doesNotContainKey("image");
    }
  }

  @Test
  void everyDockerfileIsMultiStage_mavenWrapperBuild_jre17Runtime() {
    for (Path dockerfile : dockerfiles()) {
      List<List<String>> stages = stages(dockerfile);
      assertThat(stages).as(dockerfile + ": build stage and runtime stage").hasSizeGreaterThanOrEqualTo(2);
      String build = String.join("\n", stages.get(0));
      assertThat(image(stages.get(0))).as("build stage: a JDK 17").containsPattern(":17[._].*jdk");
      assertThat(build).as("the build stage runs the Maven wrapper on the one module and what it needs")
          .containsPattern("\\./mvnw -B -q -DskipTests package .*-pl \"\\$\\{MODULE}\" -am");
      List<String> runtime = finalStage(dockerfile);
      assertThat(image(runtime)).as("runtime stage: a JRE 17, no JDK, no Maven").containsPattern(":17[._].*jre");
      assertThat(String.join("\n", runtime)).as("the runtime copies the build's output only")
          .contains("COPY --from=build").doesNotContain("mvnw");
      for (List<String> stage : stages) {
        String image = image(stage);
        if (stages.stream().noneMatch(s -> image.equals(stageName(s)))) {
          ComposeServicesTest.assertPinned(dockerfile.getFileName() + " FROM", image);
        }
      }
      String buildLogic = DeployFiles.read(DeployFiles.ROOT.resolve("deploy/pack-classpath.sh"));
      assertThat(build).contains("sh deploy/pack-classpath.sh \"${MODULE}\" /out");
      assertThat(buildLogic).as("pack-classpath.sh is POSIX sh").startsWith("#!/bin/sh\n").contains("set -eu");
    }
  }

  @Test
  void theRuntimeRunsAsANonRootUser() {
    for (Path dockerfile : dockerfiles()) {
      List<String> users = finalStage(dockerfile).stream().filter(l -> l.startsWith("USER ")).toList();
      assertThat(users).as(dockerfile + ": the runtime stage sets USER").isNotEmpty();
      String user = users.get(users.size() - 1).substring("USER ".length()).trim().split(":")[0];
      assertThat(user).as(dockerfile + ": USER").isNotIn("root", "0", "");
    }
  }

  @Test
  void theHealthCheckAsksActuatorForLivenessAndReadiness_onTheManagementPort() {
    for (Path dockerfile : dockerfiles()) {
      List<String> checks = finalStage(dockerfile).stream().filter(l -> l.startsWith("HEALTHCHECK ")).toList();
      assertThat(checks).as(dockerfile + ": one HEALTHCHECK").hasSize(1);
      assertThat(checks.get(0)).contains("/actuator/health/liveness", "/actuator/health/readiness",
              "http://127.0.0.1:${MANAGEMENT_SERVER_PORT}/")
          .as("actuator is not on the application's port").doesNotContain("${SERVER_PORT}")
          .doesNotContain("NONE");
      assertThat(environmentOf(dockerfile)).contains("SERVER_PORT", "MANAGEMENT_SERVER_PORT", "MAIN_CLASS");
      assertThat(String.join("\n", finalStage(dockerfile)))
          .contains("SERVER_PORT=${PORT}", "MANAGEMENT_SERVER_PORT=${MANAGEMENT_PORT}", "EXPOSE ${PORT} ${MANAGEMENT_PORT}");
    }
  }

  @Test
  void theBuildArgsNameARealModuleMainClassAndPort() {
    for (String name : AppServices.NAMES) {
      Map<String, Object> service = service(compose, name);
      Map<String, String> args = DeployFiles.buildArgs(service);
      Path dockerfile = DeployFiles.dockerfile(service).orElseThrow();
      Set<String> declared = argsOf(dockerfile);
      assertThat(declared).as(dockerfile + " declares every build arg compose passes").containsAll(args.keySet());
      assertThat(Files.isRegularFile(DeployFiles.ROOT.resolve(args.get("MODULE")).resolve("pom.xml")))
          .as(name + ": module " + args.get("MODULE")).isTrue();
      Class<?> main = AppServices.mainClass(service);
      assertThat(hasMain(main)).as(name + ": " + main.getName() + " has public static void main(String[])").isTrue();
      assertThat(sourceOf(main)).as(name + ": " + main.getName() + " lives in module " + args.get("MODULE"))
          .startsWith(DeployFiles.ROOT.resolve(args.get("MODULE")));
      List<String> profiles = AppServices.profiles(main);
      String port = String.valueOf(SpringPropertyCatalog.ApplicationYaml.value(profiles, "server", "port").orElse(8080));
      assertThat(args.get("PORT")).as(name + ": PORT is the port application.yml gives profiles " + profiles).isEqualTo(port);
      String managementPort = String.valueOf(SpringPropertyCatalog.ApplicationYaml.value(profiles, "management", "server", "port")
          .orElseThrow(() -> new AssertionError("application.yml sets no management.server.port for " + profiles)));
      assertThat(args.get("MANAGEMENT_PORT")).as(name + ": MANAGEMENT_PORT is the management port application.yml gives profiles "
          + profiles).isEqualTo(managementPort);
      if (profiles.contains("api")) {
        assertThat(managementPort).as(name + ": actuator is never on the API's port").isNotEqualTo(port);
      }
    }
  }

  @Test
  void secretsAndBuildOutputStayOutOfTheBuildContext() {
    for (Path dockerfile : dockerfiles()) {
      Path ignore = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
      if (!Files.isRegularFile(ignore)) {
        ignore = DeployFiles.ROOT.resolve(".dockerignore");
      }
      assertThat(ignore).as(dockerfile + ": a .dockerignore").isRegularFile();
      assertThat(DeployFiles.read(ignore).lines().map(String::trim)).contains(".env", "**/target/", ".git/");
    }
  }

  // ---- reading Dockerfiles

  private List<Path> dockerfiles() {
    Set<Path> files = new LinkedHashSet<>();
    services(compose).forEach((name, s) -> DeployFiles.dockerfile(service(compose, name)).ifPresent(files::add));
    assertThat(files).as("docker-compose.yml builds images").isNotEmpty();
    files.forEach(f -> assertThat(f).isRegularFile());
    return List.copyOf(files);
  }

  /** Instructions, continuation lines joined, comments dropped. */
  static List<String> instructions(Path dockerfile) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : DeployFiles.read(dockerfile).lines().toList()) {
      String line = raw.strip();
      if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      result.add(current.toString().replaceAll("\\s+", " ").trim());
      current.setLength(0);
    }
    return result;
  }

  static List<List<String>> stages(Path dockerfile) {
    List<List<String>> stages = new ArrayList<>();
    for (String instruction : instructions(dockerfile)) {
      if (FROM.matcher(instruction).find()) {
        stages.add(new ArrayList<>());
      }
      if (!stages.isEmpty()) {
        stages.get(stages.size() - 1).add(instruction);
      }
    }
    return stages;
  }

  static List<String> finalStage(Path dockerfile) {
    List<List<String>> stages = stages(dockerfile);
    return stages.get(stages.size() - 1);
  }

  /** Names set by ENV or declared by ARG (in any stage). */
  static Set<String> environmentOf(Path dockerfile) {
    Set<String> names = new LinkedHashSet<>();
    for (String instruction : finalStage(dockerfile)) {
      if (instruction.startsWith("ENV ")) {
        Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=").matcher(instruction.substring(4));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static Set<String> argsOf(Path dockerfile) {
    Set<String> names = new LinkedHashSet<>();
    for (String instruction : instructions(dockerfile)) {
      Matcher m = ENV_OR_ARG.matcher(instruction);
      if (instruction.startsWith("ARG ") && m.find()) {
        names.add(m.group(1).split("=")[0].trim());
      }
    }
    return names;
  }

  private static String image(List<String> stage) {
    Matcher m = FROM.matcher(stage.get(0));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String stageName(List<String> stage) {
    Matcher m = FROM.matcher(stage.get(0));
    return m.find() && m.group(2) != null ? m.group(2) : "";
  }

  private static boolean hasMain(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Path sourceOf(Class<?> type) {
    for (Path root : SpringPropertyCatalog.mainSourceRoots()) {
      Path file = root.resolve(type.getName().replace('.', '/') + ".java");
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new AssertionError("no source for " + type.getName());
  }
}
