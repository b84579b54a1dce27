package io.wacall.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document as a CRM developer first sees it. */
class OpenApiDocumentTest extends ApiHttpTest {

  @Test
  void itIsWacallsDocumentWithItsBearerSchemeAndTagsInReadingOrder() throws Exception {
    JsonNode doc = json.readTree(send("GET", "/v3/api-docs/wacall", null, null).body());

    assertThat(doc.path("info").path("title").asText()).isEqualTo("wacall API");
    assertThat(doc.path("info").path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(doc.path("info").path("description").asText()).contains("problem details", "agent");
    assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
    assertThat(doc.path("security").toString()).contains("bearer");
    List<String> tags = new ArrayList<>();
    doc.path("tags").forEach(t -> tags.add(t.path("name").asText()));
    assertThat(tags).startsWith("Calls", "Call permissions", "Agents");
    doc.path("paths").fieldNames().forEachRemaining(path -> assertThat(path).matches("/(api|codec)/.*"));
  }

  @Test
  void everyOperationNamesItsRolesAndItsErrorsAsProblemDetailsWithCodes() throws Exception {
    JsonNode doc = json.readTree(send("GET", "/v3/api-docs/wacall", null, null).body());
    doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      String name = op.getKey() + " " + path.getKey();
      assertThat(op.getValue().path("x-wacall-roles").size()).as(name).isPositive();
      JsonNode responses = op.getValue().path("responses");
      for (String status : List.of("400", "401", "403")) {
        JsonNode problem = responses.path(status).path("content").path("application/problem+json");
        assertThat(problem.isMissingNode()).as(name + " " + status).isFalse();
        assertThat(problem.toString()).as(name + " " + status).contains("#/components/schemas/Problem", "enum");
      }
    }));
    JsonNode answer = doc.path("paths").path("/api/v1/calls/{id}/answer").path("post");
    assertThat(answer.path("responses").path("409").toString()).contains("NOT_RINGING_FOR_AGENT", "CALL_NOT_TAKEN");
    assertThat(answer.path("x-wacall-roles").toString()).contains("SERVICE", "AGENT").doesNotContain("OPERATOR");
    assertThat(doc.path("paths").path("/api/v1/permissions/{phoneNumberId}/{waId}/requests").path("post")
        .path("responses").path("429").toString()).contains("REQUEST_THROTTLED");
  }

  @Test
  void theWebhooksHaveTheirOwnGroupAndTheSandboxNoneWhileItIsOff() throws Exception {
    JsonNode webhooks = json.readTree(send("GET", "/v3/api-docs/webhooks", null, null).body());
    assertThat(webhooks.path("paths").has("/webhooks/whatsapp")).isTrue();
    assertThat(send("GET", "/v3/api-docs/sandbox", null, null).statusCode()).isEqualTo(404);
    JsonNode config = json.readTree(send("GET", "/v3/api-docs/swagger-config", null, null).body());
    assertThat(config.path("urls").findValuesAsText("name")).contains("wacall API", "Meta webhooks").hasSize(2);
    assertThat(config.path("urls.primaryName").asText()).isEqualTo("wacall API");
  }
}
