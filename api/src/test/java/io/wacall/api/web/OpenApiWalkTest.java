package io.wacall.api.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the generated OpenAPI document with malformed input (wrong types, huge
 * numbers, negative pages, missing and unknown fields, oversized strings and bodies) as a caller
 * the operation is open to: never a 5xx. The document is read at run time, so a new operation is
 * walked without touching this test.
 */
class OpenApiWalkTest extends ApiHttpTest {
  /** Longer than any id wacall accepts: no path can reach a real object, so nothing is changed. */
  static final String JUNK_ID = "x".repeat(300);
  static final List<String> BAD_NUMBERS = List.of("-1", "abc", "99999999999999999999", "2147483647", "1e400", "");
  static final List<String> BAD_STRINGS = List.of("x".repeat(2000), "%00", "-1", "not-a-date");

  record Attempt(String method, String path, String contentType, String body) {}

  @Test
  void noOperationAnswersMalformedInputWithA5xx() throws Exception {
    // Meta refuses everything at once, should anything still reach it
    meta.resetAll();
    meta.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100}}")));
    JsonNode doc = json.readTree(send("GET", "/v3/api-docs/wacall", null, null).body());
    assertThat(doc.path("paths").size()).isGreaterThan(20);

    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String token = tokenFor(op.getValue());
        for (Attempt attempt : attempts(doc, path.getKey(), op.getKey().toUpperCase(), op.getValue())) {
          HttpResponse<String> response = send(attempt, token);
          sent++;
          if (response.statusCode() >= 500) {
            failures.add(attempt.method() + " " + abbreviate(attempt.path()) + " body " + abbreviate(attempt.body())
                + " -> " + response.statusCode() + " " + abbreviate(response.body()));
          }
        }
      }
    }
    assertThat(failures).as("%d requests sent", sent).isEmpty();
    assertThat(sent).isGreaterThan(300);
  }

  private List<Attempt> attempts(JsonNode doc, String template, String method, JsonNode op) {
    String path = template.replaceAll("\\{[^}]+}", JUNK_ID);
    List<Attempt> attempts = new ArrayList<>();
    List<JsonNode> query = new ArrayList<>();
    op.path("parameters").forEach(p -> {
      if (p.path("in").asText().equals("query")) {
        query.add(p);
      }
    });
    for (JsonNode parameter : query) {
      List<String> values = parameter.path("schema").path("type").asText().matches("integer|number")
          ? BAD_NUMBERS : BAD_STRINGS;
      for (String value : values) {
        attempts.add(new Attempt(method, path + "?" + parameter.path("name").asText() + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8), "application/json", null));
      }
    }
    if (query.stream().anyMatch(p -> p.path("name").asText().equals("page"))) {
      attempts.add(new Attempt(method, path + "?page=5000000&size=500", "application/json", null));
      attempts.add(new Attempt(method, path + "?page=-1&size=-1", "application/json", null));
    }
    JsonNode content = op.path("requestBody").path("content");
    if (content.has("application/json")) {
      JsonNode schema = resolve(doc, content.path("application/json").path("schema"));
      for (String body : List.of("{", "[]", "{}", "null", "\"text\"", "{\"unknownField\": 1}", "9".repeat(500))) {
        attempts.add(new Attempt(method, path, "application/json", body));
      }
      ObjectNode wrongTypes = json.createObjectNode();
      ObjectNode huge = json.createObjectNode();
      ObjectNode hugeNumbers = json.createObjectNode();
      schema.path("properties").fieldNames().forEachRemaining(name -> {
        wrongTypes.putObject(name).put("nested", true);
        huge.put(name, "x".repeat(70_000));
        hugeNumbers.put(name, new java.math.BigDecimal("1e400"));
      });
      attempts.add(new Attempt(method, path, "application/json", wrongTypes.toString()));
      attempts.add(new Attempt(method, path, "application/json", huge.toString()));
      attempts.add(new Attempt(method, path, "application/json", hugeNumbers.toString()));
      attempts.add(new Attempt(method, path, "application/json", "{\"a\":\"" + "x".repeat(300 * 1024) + "\"}"));
    } else if (!content.isMissingNode()) {
      String type = content.fieldNames().next();
      for (String body : List.of("", "\u0000\u0001garbage,,,\n\"unterminated", "a,b\n" + "x,".repeat(200_000))) {
        attempts.add(new Attempt(method, path, type, body));
      }
    }
    if (attempts.isEmpty()) {
      attempts.add(new Attempt(method, path, "application/json", method.equals("GET") ? null : "{"));
    }
    return attempts;
  }

  private JsonNode resolve(JsonNode doc, JsonNode schema) {
    String ref = schema.path("$ref").asText(null);
    if (ref == null) {
      return schema;
    }
    return doc.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
  }

  /** The caller the operation is open to: the service, else an operator, else an agent. */
  private String tokenFor(JsonNode op) throws Exception {
    List<String> roles = new ArrayList<>();
    op.path("x-wacall-roles").forEach(r -> roles.add(r.asText()));
    assertThat(roles).as(op.path("operationId").asText() + " declares its roles").isNotEmpty();
    if (roles.contains("SERVICE")) {
      return ApiTestSupport.TOKEN;
    }
    if (roles.contains("OPERATOR")) {
      return ApiTestSupport.OPERATOR_TOKEN;
    }
    asOperator("PUT", "/api/v1/agents/walk-agent", "{\"name\":\"Walk\"}");
    return json.readTree(send("POST", "/api/v1/agents/walk-agent/tokens", "{}").body()).path("token").asText();
  }

  private HttpResponse<String> send(Attempt attempt, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + attempt.path()))
        .method(attempt.method(), attempt.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(attempt.body()))
        .header("Content-Type", attempt.contentType())
        .header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String abbreviate(String text) {
    return text == null ? "-" : text.length() > 160 ? text.substring(0, 160) + "..." : text;
  }
}
