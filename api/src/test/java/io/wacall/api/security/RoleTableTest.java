package io.wacall.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of caller against each group of endpoints, over real HTTP: no credential is 401, a role
 * outside the group is 403 ({@code code: FORBIDDEN}), a role inside it gets past security (the
 * answer is then the endpoint's own: 200, 400 for the deliberately malformed bodies, 404...).
 * Write requests carry a malformed JSON body, so an allowed one is refused as 400 before it
 * changes anything.
 */
class RoleTableTest extends ApiHttpTest {
  static final String SELF = "rt-self";
  static final String OTHER = "rt-other";
  static final String PHONE = "106540352240001";

  enum Who { NOBODY, SERVICE, OPERATOR, AGENT }

  record Row(String method, String path, String body, String contentType, Set<Who> allowed) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static Row row(String method, String path, Who... allowed) {
    boolean write = !method.equals("GET");
    return new Row(method, path, write ? "{" : null, "application/json",
        allowed.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.copyOf(List.of(allowed)));
  }

  static List<Row> table() {
    return List.of(
        // calls: services, and agents (scoped to their own by the controller)
        row("GET", "/api/v1/calls", Who.SERVICE, Who.AGENT),
        row("POST", "/api/v1/calls", Who.SERVICE, Who.AGENT),
        row("GET", "/api/v1/calls/inbound-call:wacid.none", Who.SERVICE, Who.AGENT),
        row("POST", "/api/v1/calls/inbound-call:wacid.none/answer", Who.SERVICE, Who.AGENT),
        row("POST", "/api/v1/calls/inbound-call:wacid.none/decline", Who.SERVICE, Who.AGENT),
        row("POST", "/api/v1/calls/inbound-call:wacid.none/hangup", Who.SERVICE, Who.AGENT),
        row("PUT", "/api/v1/calls/inbound-call:wacid.none/disposition", Who.SERVICE, Who.AGENT),
        row("GET", "/api/v1/calls/inbound-call:wacid.none/recording", Who.SERVICE, Who.AGENT),
        row("GET", "/api/v1/calls/inbound-call:wacid.none/transcript", Who.SERVICE, Who.AGENT),
        row("GET", "/api/v1/calls/inbound-call:wacid.none/voicemail", Who.SERVICE, Who.AGENT),
        // permissions: services; an agent only a customer it has a call with, or of a number whose ring group
        // holds it (neither here: agents get past the URL rule, the controller refuses)
        // (an agent's malformed request is refused as such before the controller's ring-group check)
        row("POST", "/api/v1/permissions/" + PHONE + "/5521987650999/requests", Who.SERVICE, Who.AGENT),
        row("GET", "/api/v1/permissions/" + PHONE + "/5521987650999", Who.SERVICE),
        row("GET", "/api/v1/permissions", Who.SERVICE),
        // billing: services read; operators upload rate cards
        row("GET", "/api/v1/billing/summary?month=2026-01", Who.SERVICE),
        row("GET", "/api/v1/billing/charges", Who.SERVICE),
        row("GET", "/api/v1/billing/reconciliations", Who.SERVICE, Who.OPERATOR),
        row("POST", "/api/v1/billing/reconciliations/2026-01-01", Who.OPERATOR),
        row("GET", "/api/v1/billing/quote?to=%2B5215512345678&seconds=56", Who.SERVICE),
        row("GET", "/api/v1/rate-cards/current", Who.SERVICE, Who.OPERATOR),
        row("GET", "/api/v1/rate-cards/1", Who.SERVICE, Who.OPERATOR),
        row("GET", "/api/v1/rate-cards", Who.SERVICE, Who.OPERATOR),
        new Row("POST", "/api/v1/rate-cards", "not,a,card", "text/csv", EnumSet.of(Who.OPERATOR)),
        // directory: operators change it, services read it, an agent reads and sets only itself
        row("GET", "/api/v1/phone-numbers", Who.SERVICE, Who.OPERATOR),
        row("PUT", "/api/v1/phone-numbers/" + PHONE, Who.OPERATOR),
        row("GET", "/api/v1/phone-numbers/" + PHONE, Who.SERVICE, Who.OPERATOR),
        row("GET", "/api/v1/phone-numbers/" + PHONE + "/ring-group", Who.SERVICE, Who.OPERATOR),
        row("GET", "/api/v1/phone-numbers/" + PHONE + "/restrictions", Who.SERVICE, Who.OPERATOR),
        row("GET", "/api/v1/phone-numbers/" + PHONE + "/calling-settings", Who.SERVICE, Who.OPERATOR),
        row("PUT", "/api/v1/phone-numbers/" + PHONE + "/calling-settings", Who.OPERATOR),
        row("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group", Who.OPERATOR),
        row("GET", "/api/v1/phone-numbers/" + PHONE + "/call-media", Who.SERVICE, Who.OPERATOR),
        row("PUT", "/api/v1/phone-numbers/" + PHONE + "/call-media", Who.OPERATOR),
        row("GET", "/api/v1/agents", Who.SERVICE, Who.OPERATOR),
        row("GET", "/api/v1/agents/" + SELF, Who.SERVICE, Who.OPERATOR, Who.AGENT),
        row("GET", "/api/v1/agents/" + OTHER, Who.SERVICE, Who.OPERATOR),
        row("PUT", "/api/v1/agents/" + SELF, Who.OPERATOR),
        row("POST", "/api/v1/agents/" + SELF + "/tokens", Who.SERVICE),
        row("GET", "/api/v1/agents/" + SELF + "/ringing", Who.SERVICE, Who.AGENT),
        row("GET", "/api/v1/agents/" + OTHER + "/ringing", Who.SERVICE),
        row("GET", "/api/v1/agents/" + SELF + "/phone-numbers", Who.SERVICE, Who.AGENT),
        // an agent's own stream never ends, so it is opened by AgentEventsTest; here a service's ends with a 404
        row("GET", "/api/v1/agents/rt-nobody/events", Who.SERVICE),
        row("GET", "/api/v1/agents/" + OTHER + "/phone-numbers", Who.SERVICE),
        row("PUT", "/api/v1/agents/" + SELF + "/availability", Who.SERVICE, Who.AGENT),
        row("PUT", "/api/v1/agents/" + OTHER + "/availability", Who.SERVICE),
        row("GET", "/api/v1/conversations/" + PHONE + "/5521987650999/events", Who.SERVICE),
        // operations
        row("GET", "/api/v1/admin/webhook-events", Who.OPERATOR),
        row("GET", "/api/v1/admin/webhook-events/1", Who.OPERATOR),
        row("POST", "/api/v1/admin/webhook-events/1/redispatch", Who.OPERATOR),
        row("POST", "/api/v1/admin/webhook-events/redispatch?since=2999-01-01T00:00:00Z", Who.OPERATOR),
        row("POST", "/codec/decode", Who.OPERATOR),
        // nothing outside the table
        row("GET", "/api/v1/unknown", new Who[0]),
        row("DELETE", "/api/v1/agents/" + SELF, new Who[0]));
  }

  static Stream<Arguments> cases() {
    return table().stream().flatMap(r -> Stream.of(Who.values()).map(w -> Arguments.of(r, w)));
  }

  String agentToken;

  @BeforeEach
  void agents() throws Exception {
    for (String agent : List.of(SELF, OTHER)) {
      assertThat(asOperator("PUT", "/api/v1/agents/" + agent, "{\"name\":\"" + agent + "\"}").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> minted = send("POST", "/api/v1/agents/" + SELF + "/tokens", "{}");
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    agentToken = json.readTree(minted.body()).path("token").asText();
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("cases")
  void eachRoleDoesOnlyItsPart(Row row, Who who) throws Exception {
    String token = switch (who) {
      case NOBODY -> null;
      case SERVICE -> ApiTestSupport.TOKEN;
      case OPERATOR -> ApiTestSupport.OPERATOR_TOKEN;
      case AGENT -> agentToken;
    };
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + row.path()))
        .method(row.method(), row.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(row.body()))
        .header("Content-Type", row.contentType());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    int status = response.statusCode();
    if (who == Who.NOBODY) {
      assertThat(status).as(response.body()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertProblem(response, "UNAUTHORIZED");
    } else if (row.allowed().contains(who)) {
      assertThat(status).as(response.body()).isNotIn(401, 403).isLessThan(500);
    } else {
      assertThat(status).as(response.body()).isEqualTo(403);
      assertProblem(response, "FORBIDDEN");
    }
  }

  /**
   * The table covers every operation of the OpenAPI document, and never lets a role in that the
   * document does not name: a new endpoint without a row here fails this test.
   */
  @org.junit.jupiter.api.Test
  void theTableCoversEveryDocumentedOperationAndAgreesWithItsRoles() throws Exception {
    JsonNode paths = json.readTree(send("GET", "/v3/api-docs/wacall", null, null).body()).path("paths");
    List<String> uncovered = new java.util.ArrayList<>();
    paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      String method = op.getKey().toUpperCase();
      java.util.regex.Pattern template = java.util.regex.Pattern.compile(
          path.getKey().replaceAll("\\{[^}]+}", "[^/?]+") + "(\\?.*)?");
      Set<String> documented = new java.util.HashSet<>();
      op.getValue().path("x-wacall-roles").forEach(r -> documented.add(r.asText()));
      List<Row> rows = table().stream()
          .filter(r -> r.method().equals(method) && template.matcher(r.path()).matches()).toList();
      if (rows.isEmpty()) {
        uncovered.add(method + " " + path.getKey());
      }
      rows.forEach(r -> assertThat(documented).as(r.toString())
          .containsAll(r.allowed().stream().map(Enum::name).toList()));
    }));
    assertThat(uncovered).as("operations without a row in the role table").isEmpty();
  }

  private void assertProblem(HttpResponse<String> response, String code) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("code").asText()).isEqualTo(code);
    assertThat(body.path("status").asInt()).isEqualTo(response.statusCode());
  }
}
