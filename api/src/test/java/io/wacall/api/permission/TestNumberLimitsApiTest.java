package io.wacall.api.permission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A business number set to Meta's relaxed limits of test numbers (docs/meta-cloud-api.md#test-accounts)
 * through the API: its permission requests are held to 25 a day, not 1, and the API's view of the
 * throttle says so; a standard number's second request of the day is still 429.
 */
class TestNumberLimitsApiTest extends ApiHttpTest {

  @Test
  void aTestNumbersSecondRequestOfTheDayIsSent_aStandardNumbersIsThrottled() throws Exception {
    String test = number("TEST_NUMBER");
    String standard = number(null);
    String customer = "55219876" + String.format("%05d", System.nanoTime() % 100_000);
    ApiTestSupport.stubPermissionRequestsAccepted(meta, test, "wamid.test-limits");
    ApiTestSupport.stubPermissionRequestsAccepted(meta, standard, "wamid.standard-limits");

    assertThat(request(test, customer).statusCode()).isEqualTo(202);
    HttpResponse<String> second = request(test, customer);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
    JsonNode state = json.readTree(send("GET", "/api/v1/permissions/" + test + "/" + customer, null).body());
    assertThat(state.path("limits").asText()).isEqualTo("TEST_NUMBER");
    assertThat(state.path("requestsInLast24Hours").asInt()).isEqualTo(2);
    assertThat(state.path("canRequestNow").asBoolean()).isTrue();
    assertThat(state.path("nextRequestAllowedAt").isNull()).isTrue();

    assertThat(request(standard, customer).statusCode()).isEqualTo(202);
    assertThat(request(standard, customer).statusCode()).isEqualTo(429);
  }

  @Test
  void limitsAreAClosedSet() throws Exception {
    String phone = "1065409" + (System.nanoTime() % 10_000_000);
    HttpResponse<String> put = asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\":\"+5511977" + phone.substring(phone.length() - 6) + "\",\"limits\":\"UNLIMITED\"}");
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(json.readTree(put.body()).path("errors").findValuesAsText("field")).containsExactly("limits");
  }

  private String number(String limits) throws Exception {
    String phone = "1065408" + (System.nanoTime() % 10_000_000);
    HttpResponse<String> put = asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\":\"+5511966" + phone.substring(phone.length() - 6) + "\""
            + (limits == null ? "" : ",\"limits\":\"" + limits + "\"") + "}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(json.readTree(put.body()).path("limits").asText()).isEqualTo(limits == null ? "STANDARD" : limits);
    return phone;
  }

  private HttpResponse<String> request(String phone, String customer) throws Exception {
    return send("POST", "/api/v1/permissions/" + phone + "/" + customer + "/requests", "{}");
  }
}
