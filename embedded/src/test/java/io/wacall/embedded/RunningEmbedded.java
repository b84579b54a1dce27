package io.wacall.embedded;

import io.wacall.app.EmbeddedApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default started as a user starts it (the same main, the same profiles), on free
 * ports so a test never collides with a running instance, and driven over HTTP with the embedded
 * development tokens: the API on {@link #call}, actuator on the management port ({@link #management}).
 */
final class RunningEmbedded implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final ConfigurableApplicationContext context;
  private final int port;
  private final int managementPort;

  private RunningEmbedded(ConfigurableApplicationContext context, int port, int managementPort) {
    this.context = context;
    this.port = port;
    this.managementPort = managementPort;
  }

  static RunningEmbedded start(String... extraArgs) throws IOException {
    int port = freePort();
    int managementPort = freePort();
    List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--management.server.port=" + managementPort,
        "--wacall.embedded.temporal.port=" + freePort()));
    args.addAll(List.of(extraArgs));
    return new RunningEmbedded(EmbeddedApplication.run(args.toArray(String[]::new)), port, managementPort);
  }

  int port() {
    return port;
  }

  int managementPort() {
    return managementPort;
  }

  /** A request with the development service token, as the README's walkthroughs send it. */
  HttpResponse<String> call(String method, String path, String body) throws Exception {
    return callWith("dev-token", method, path, body);
  }

  /** A request with the development operator token (directory changes, rate cards, admin). */
  HttpResponse<String> callAsOperator(String method, String path, String body) throws Exception {
    return callWith("dev-operator-token", method, path, body);
  }

  /** A request with {@code token} as bearer token (e.g. a minted agent token). */
  HttpResponse<String> callWith(String token, String method, String path, String body) throws Exception {
    return send(port, token, method, path, body);
  }

  /** A GET on the management (actuator) port, without a token, as an orchestrator's probe or Prometheus asks. */
  HttpResponse<String> management(String path) throws Exception {
    return send(managementPort, null, "GET", path, null);
  }

  private static HttpResponse<String> send(int toPort, String token, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    context.close();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
