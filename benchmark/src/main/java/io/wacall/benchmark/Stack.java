package io.wacall.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The wacall under measurement: the embedded stack started as its own process (the fat jar the
 * embedded module builds, so the load generator's heap and threads are not the service's), or one
 * already running, attached to by URL. Requests carry the embedded profile's development tokens.
 */
final class Stack implements AutoCloseable {
  static final String SERVICE_TOKEN = "dev-token";
  static final String OPERATOR_TOKEN = "dev-operator-token";
  /** The embedded profile's webhook secrets (application.yml, profile embedded). */
  static final String APP_SECRET = "embedded-dev-app-secret";
  static final String VERIFY_TOKEN = "embedded-dev-verify-token";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String baseUrl;
  final String managementUrl;
  final String temporalTarget;
  /** The stack's PostgreSQL (the embedded one on a port of the benchmark's choosing); null when not known. */
  final String jdbcUrl;
  private final Process process;

  private Stack(String baseUrl, String managementUrl, String temporalTarget, String jdbcUrl, Process process) {
    this.baseUrl = baseUrl;
    this.managementUrl = managementUrl;
    this.temporalTarget = temporalTarget;
    this.jdbcUrl = jdbcUrl;
    this.process = process;
  }

  static Stack attach(String url, String managementUrl, String temporalTarget, String jdbcUrl) {
    return new Stack(url, managementUrl, temporalTarget, jdbcUrl, null);
  }

  /** Starts {@code java -jar <embedded jar>} on free loopback ports and waits until it is ready. */
  static Stack launch(Path jar, List<String> jvmOptions, Path log) throws Exception {
    int port = freePort();
    int management = freePort();
    int temporal = freePort();
    int postgres = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--management.server.port=" + management,
        "--wacall.embedded.temporal.port=" + temporal, "--wacall.embedded.postgres.port=" + postgres,
        "--wacall.sandbox.customer.reply-delay=200ms",
        "--management.endpoints.web.exposure.include=health,prometheus,metrics"));
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Stack stack = new Stack("http://127.0.0.1:" + port, "http://127.0.0.1:" + management, "127.0.0.1:" + temporal,
        "jdbc:postgresql://127.0.0.1:" + postgres + "/postgres", process);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the embedded stack exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (stack.management("/actuator/health/readiness").statusCode() == 200
            && stack.get(SERVICE_TOKEN, "/api/v1/phone-numbers").statusCode() == 200) {
          return stack;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    stack.close();
    throw new IllegalStateException("the embedded stack was not ready within 3 minutes; see " + log);
  }

  /** The embedded module's fat jar, as {@code ./mvnw -pl embedded -am package} leaves it. */
  static Path defaultJar() throws IOException {
    Path target = Path.of("embedded", "target");
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      Optional<Path> jar = files.filter(p -> p.getFileName().toString().matches("wacall-embedded-.*\\.jar"))
          .findFirst();
      return jar.orElseThrow(() -> new IllegalStateException("no embedded/target/wacall-embedded-*.jar: run "
          + "./mvnw -q -B -pl embedded,benchmark -am package -DskipTests first (or pass --url=)"));
    }
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  HttpResponse<String> get(String token, String path) throws IOException, InterruptedException {
    return send(token, "GET", path, null);
  }

  HttpResponse<String> send(String token, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Like {@link #send}, but a non-2xx answer is an error naming the request. */
  String ok(String token, String method, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = send(token, method, path, body);
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response.body();
  }

  HttpResponse<String> management(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

}
