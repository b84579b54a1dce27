package io.wacall.api.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.wacall.api.webhook.WebhookSignature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API tests over real HTTP: the API and the worker on a random port, the Temporal
 * starter's in-process test server, a real PostgreSQL, Meta as WireMock on loopback. Every
 * subclass shares one Spring context (and so one database and one Meta stub, reset per test by
 * the subclass): tests use their own business numbers and customers.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"worker", "api"})
public abstract class ApiHttpTest {
  /** One Meta stub for the test JVM; stopped with it. */
  protected static final WireMockServer meta = ApiTestSupport.startMeta();
  protected static final HttpClient http = HttpClient.newHttpClient();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(meta::stop));
  }

  @LocalServerPort protected int port;
  @Autowired protected ObjectMapper json;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestSupport.properties(registry, meta);
  }

  /** A request with the test bearer token. */
  protected HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(method, path, body, ApiTestSupport.TOKEN);
  }

  /** {@code body} POSTed to the webhook endpoint, signed with the app secret as Meta signs it. */
  protected HttpResponse<String> signedWebhook(String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(bytes, ApiTestSupport.APP_SECRET))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request with an operator's token (directory changes, rate cards, admin). */
  protected HttpResponse<String> asOperator(String method, String path, String body) throws Exception {
    return send(method, path, body, ApiTestSupport.OPERATOR_TOKEN);
  }

  /** A request with {@code token} as bearer token, or none when null. */
  protected HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
