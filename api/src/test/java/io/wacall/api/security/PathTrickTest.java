package io.wacall.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.api.support.ApiHttpTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests without a token whose path is written to slip past a check on the raw URI while Tomcat
 * and Spring route them to {@code /api/v1/...}: never a 2xx. Sent over a raw socket, byte for byte,
 * so no HTTP client normalises the path first (the old hole was between Tomcat and Spring).
 */
class PathTrickTest extends ApiHttpTest {

  static List<String> tricks() {
    return List.of(
        "GET /api;x/v1/calls",
        "GET /%61pi/v1/calls",
        "GET //api/v1/calls",
        "GET /api/v1/../v1/calls",
        "GET /api/./v1/calls",
        "GET /api/v1/calls;jsessionid=x",
        "GET /api/v1/calls/",
        "GET /API/v1/calls",
        "GET /api/v1/%2e%2e/v1/calls",
        "GET /api%2Fv1/calls",
        "GET /api/v1/admin/webhook-events;x",
        "PUT /api;/v1/agents/evil",
        "PUT /api/v1/agents/evil;",
        "PUT /%61pi/v1/agents/evil",
        "POST /api/v1/./rate-cards");
  }

  @ParameterizedTest
  @MethodSource("tricks")
  void aPathTrickWithoutATokenIsNeverServed(String requestLine) throws Exception {
    String method = requestLine.substring(0, requestLine.indexOf(' '));
    String body = method.equals("GET") ? "" : "{\"name\":\"Evil\"}";
    String response = raw(requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    int status = Integer.parseInt(response.substring(9, 12));
    assertThat(status).as(requestLine + " -> " + response.lines().findFirst().orElse("")).isGreaterThanOrEqualTo(400);
    assertThat(send("GET", "/api/v1/agents/evil", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/agents/evil", null).statusCode()).as("no agent was created").isEqualTo(404);
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      in.transferTo(received);
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
