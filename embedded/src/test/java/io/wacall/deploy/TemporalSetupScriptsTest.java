package io.wacall.deploy;

import static io.wacall.deploy.DeployFiles.environment;
import static io.wacall.deploy.DeployFiles.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot scripts of the Temporal setup, run for real by {@code sh} with the environment
 * docker-compose.yml gives them, against stand-ins for the admin-tools image's {@code temporal} and
 * {@code temporal-sql-tool} that keep their state in files.
 */
class TemporalSetupScriptsTest {
  /** Answers like the temporal CLI: NOT_SERVING once, then SERVING; namespaces and attributes in files. */
  private static final String FAKE_TEMPORAL = """
      #!/bin/sh
      echo "$*" >> "$STATE/calls"
      case "$1 $2 $3" in
        "operator cluster health")
          n=$(cat "$STATE/health" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$STATE/health"
          if [ "$n" -lt 2 ]; then echo "NOT_SERVING"; else echo "SERVING"; fi ;;
        "operator namespace describe")
          [ -f "$STATE/namespace" ] || { echo "Namespace not found" >&2; exit 1; } ;;
        "operator namespace create")
          [ -f "$STATE/namespace" ] && { echo "Namespace already exists" >&2; exit 1; }
          touch "$STATE/namespace" ;;
        "operator search-attribute list")
          [ -f "$STATE/namespace" ] || exit 1
          printf '  Name | Type\\n  WorkflowId | Keyword\\n'
          cat "$STATE/attributes" 2>/dev/null; true ;;
        "operator search-attribute create")
          [ -f "$STATE/fail-create" ] && { echo "rpc error" >&2; exit 1; }
          shift 3
          while [ $# -gt 0 ]; do
            case "$1" in --name) name=$2; shift ;; --type) type=$2; shift ;; esac
            shift
          done
          grep -qw "$name" "$STATE/attributes" 2>/dev/null && { echo "already exists" >&2; exit 1; }
          echo "  $name | $type" >> "$STATE/attributes" ;;
        *) echo "unexpected: $*" >&2; exit 2 ;;
      esac
      """;

  private static final String FAKE_SQL_TOOL = """
      #!/bin/sh
      echo "SQL_PLUGIN=$SQL_PLUGIN SQL_HOST=$SQL_HOST SQL_USER=$SQL_USER $*" >> "$STATE/calls"
      """;

  @TempDir
  Path dir;
  private Path state;
  private final Map<String, Object> compose = DeployFiles.compose();

  @BeforeEach
  void fakeAdminTools() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    state = Files.createDirectories(dir.resolve("state"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    write(bin.resolve("temporal"), FAKE_TEMPORAL);
    write(bin.resolve("temporal-sql-tool"), FAKE_SQL_TOOL);
  }

  @Test
  void setupNamespace_waitsForTheServer_createsTheNamespaceAndFiveAttributes_andIsIdempotent() throws Exception {
    Result first = run("temporal-setup", "setup-namespace.sh");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(Files.readString(state.resolve("health")).trim()).as("polled until SERVING").isEqualTo("2");
    assertThat(Files.readAllLines(state.resolve("attributes"))).containsExactly(
        "  WaPhoneNumberId | Keyword", "  WaCallDirection | Keyword", "  WaCallStatus | Keyword",
        "  WaPermissionStatus | Keyword", "  WaAgentId | Keyword");
    assertThat(calls()).anyMatch(c -> c.startsWith("operator namespace create --address temporal:7233 --namespace default --retention 168h"));

    Files.delete(state.resolve("calls"));
    Result second = run("temporal-setup", "setup-namespace.sh");
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(calls()).as("nothing created twice").noneMatch(c -> c.contains(" create "));
    assertThat(Files.readAllLines(state.resolve("attributes"))).hasSize(5);
  }

  @Test
  void setupNamespace_failsWhenAnAttributeCannotBeRegistered() throws Exception {
    Files.createFile(state.resolve("fail-create"));
    Result result = run("temporal-setup", "setup-namespace.sh");
    assertThat(result.exitCode()).as("worker and API must not start: " + result.output()).isNotZero();
  }

  @Test
  void setupSchema_setsUpAndUpgradesBothDatabases_withTheServerVersionsSchemas() throws Exception {
    Result result = run("temporal-schema", "setup-schema.sh");
    assertThat(result.exitCode()).as(result.output()).isZero();
    String connection = "SQL_PLUGIN=postgres12 SQL_HOST=postgres SQL_USER=temporal ";
    assertThat(calls()).containsExactly(
        connection + "--db temporal setup-schema -v 0.0",
        connection + "--db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned",
        connection + "--db temporal_visibility setup-schema -v 0.0",
        connection + "--db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned");
  }

  private record Result(int exitCode, String output) {}

  /** Runs a script the way its compose service does: its environment, {@code /bin/sh}. */
  private Result run(String serviceName, String script) throws Exception {
    ProcessBuilder process = new ProcessBuilder("/bin/sh", DeployFiles.ROOT.resolve("deploy/temporal").resolve(script).toString());
    Map<String, String> env = process.environment();
    env.clear();
    environment(service(compose, serviceName)).forEach((k, v) -> env.put(k, DeployFiles.interpolate(v, DeployFiles.envExampleValues())));
    env.put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    env.put("STATE", state.toString());
    process.redirectErrorStream(true);
    Process p = process.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(state.resolve("calls"));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
