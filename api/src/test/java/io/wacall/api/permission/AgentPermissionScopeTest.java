package io.wacall.api.permission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an agent's console may see of permissions: its business numbers (the ring groups it is in),
 * with their tags, and the permission of any customer of those numbers; nothing of another number.
 */
class AgentPermissionScopeTest extends ApiHttpTest {
  static final String PHONE = "106540352247101";
  static final String OTHER_PHONE = "106540352247102";
  static final String CUSTOMER = "5521987657101";
  String member;
  String outsider;

  @BeforeEach
  void directory() throws Exception {
    for (String phone : new String[] {PHONE, OTHER_PHONE}) {
      assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + phone,
          "{\"displayNumber\":\"+5511955557101\",\"dispositionTags\":[\"Resolved\",\"Call back\"]}").statusCode())
          .isEqualTo(200);
    }
    for (String agent : new String[] {"ps-member", "ps-outsider"}) {
      assertThat(asOperator("PUT", "/api/v1/agents/" + agent, "{\"name\":\"" + agent + "\"}").statusCode()).isEqualTo(200);
    }
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group", "{\"members\":[\"ps-member\"]}")
        .statusCode()).isEqualTo(200);
    member = token("ps-member");
    outsider = token("ps-outsider");
  }

  @Test
  void anAgentListsTheNumbersOfItsRingGroupsWithTheirTags() throws Exception {
    JsonNode numbers = json.readTree(ok(send("GET", "/api/v1/agents/ps-member/phone-numbers", null, member)).body());
    assertThat(numbers.findValuesAsText("phoneNumberId")).containsExactly(PHONE);
    assertThat(numbers.get(0).path("dispositionTags").toString()).contains("Resolved", "Call back");
    assertThat(json.readTree(ok(send("GET", "/api/v1/agents/ps-outsider/phone-numbers", null, outsider)).body()).size())
        .isZero();
    assertThat(send("GET", "/api/v1/agents/ps-member/phone-numbers", null, outsider).statusCode()).isEqualTo(403);
  }

  @Test
  void anAgentReadsThePermissionOfAnyCustomerOfItsNumbersAndNoneOfAnother() throws Exception {
    JsonNode permission = json.readTree(ok(send("GET", "/api/v1/permissions/" + PHONE + "/" + CUSTOMER, null, member)).body());
    assertThat(permission.path("status").asText()).isEqualTo("NONE");
    assertThat(send("GET", "/api/v1/permissions/" + OTHER_PHONE + "/" + CUSTOMER, null, member).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/permissions/" + PHONE + "/" + CUSTOMER, null, outsider).statusCode()).isEqualTo(403);
    HttpResponse<String> asked = send("POST", "/api/v1/permissions/" + OTHER_PHONE + "/" + CUSTOMER + "/requests", "{}", member);
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(403);
    assertThat(json.readTree(asked.body()).path("code").asText()).isEqualTo("FORBIDDEN");
  }

  private String token(String agent) throws Exception {
    return json.readTree(ok(send("POST", "/api/v1/agents/" + agent + "/tokens", "{}")).body()).path("token").asText();
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return response;
  }
}
