package io.wacall.api.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Actuator lives on the management port (management.server.port), not on the API's port: health
 * details, metrics and Prometheus are never served where the CRM and Meta reach the API; the
 * liveness and readiness probes answer on the management port. Metrics export is on as in a real
 * process (Spring Boot tests switch it off by default), so Prometheus is really there to be found.
 */
@AutoConfigureObservability(tracing = false)
class ManagementPortTest extends ApiHttpTest {
  @LocalManagementPort int managementPort;

  @Test
  void theApiPortServesNoActuatorEndpoint_toAnyCaller() throws Exception {
    assertThat(managementPort).isPositive().isNotEqualTo(port);
    for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
        "/actuator/health/temporal",
        "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/prometheus", "/actuator/info")) {
      for (HttpResponse<String> onApi : List.of(send("GET", path, null), asOperator("GET", path, null),
          send("GET", path, null, null))) {
        assertThat(onApi.statusCode()).as("API port " + path + ": " + onApi.body()).isIn(401, 403, 404);
        assertThat(onApi.body()).as("API port " + path + ": no data")
            .doesNotContain("\"UP\"", "\"components\"", "\"names\"", "\"measurements\"", "jvm_memory_used_bytes");
      }
    }
  }

  @Test
  void theManagementPortServesHealthWithDetails_theProbes_metricsAndPrometheus() throws Exception {
    JsonNode health = json.readTree(ok(management("/actuator/health")).body());
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("components").path("db").path("status").asText()).as("details: " + health).isEqualTo("UP");
    assertThat(json.readTree(ok(management("/actuator/health/liveness")).body()).path("status").asText()).isEqualTo("UP");
    JsonNode readiness = json.readTree(ok(management("/actuator/health/readiness")).body());
    assertThat(readiness.path("status").asText()).isEqualTo("UP");
    assertThat(readiness.path("components").fieldNames()).toIterable().contains("db", "readinessState");
    assertThat(json.readTree(ok(management("/actuator/health/temporal")).body()).path("status").asText()).isEqualTo("UP");
    assertThat(ok(management("/actuator/prometheus")).body()).contains("jvm_memory_used_bytes");
    assertThat(json.readTree(ok(management("/actuator/metrics")).body()).path("names").toString()).contains("jvm.memory.used");
    HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/api/v1/permissions"))
        .header("Authorization", "Bearer " + ApiTestSupport.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(api.statusCode()).as("the API is not on the management port: " + api.body()).isIn(401, 403, 404);
  }

  private HttpResponse<String> management(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }
}
