package io.wacall.api.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.backend.store.directory.ConversationLog;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.backend.store.directory.ConversationRecord;
import io.wacall.backend.store.directory.ConversationEventKind;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The directory over real HTTP: Spring MVC on a port, the bearer-token filter, a real PostgreSQL
 * migrated by Flyway. Each test uses its own ids, so the shared database needs no cleaning.
 */
class DirectoryApiTest extends ApiHttpTest {
  static final AtomicInteger ids = new AtomicInteger();

  @Autowired AgentRingingRepository ringing;
  @Autowired ConversationLog conversations;
  String phone;
  String agent;

  @BeforeEach
  void setUp() {
    int n = ids.incrementAndGet();
    phone = "1065403522429" + String.format("%02d", n);
    agent = "agent-" + n;
  }

  @Test
  void aPhoneNumberPutIsAnsweredAndReadBackWithItsDerivedCountryAndCallingRule() throws Exception {
    HttpResponse<String> put = asOperator("PUT", "/api/v1/phone-numbers/" + phone, """
        {"displayNumber": "+55 11 95555-0123", "ringTimeoutSeconds": 20, "wrapUpSeconds": 3600,
         "callbackRequestsEnabled": true, "dispositionTags": ["Resolved", "Follow-up Required", "No Answer"]}""");

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode body = json.readTree(put.body());
    assertThat(body.path("phoneNumberId").asText()).isEqualTo(phone);
    assertThat(body.path("displayNumber").asText()).isEqualTo("+5511955550123");
    assertThat(body.path("country").asText()).isEqualTo("BR");
    assertThat(body.path("businessInitiatedCallingAllowed").asBoolean()).isTrue();
    assertThat(body.path("ringTimeoutSeconds").asInt()).isEqualTo(20);
    assertThat(body.path("wrapUpSeconds").asInt()).isEqualTo(3600);
    assertThat(body.path("callbackRequestsEnabled").asBoolean()).isTrue();
    assertThat(texts(body.path("dispositionTags"))).containsExactly("Resolved", "Follow-up Required", "No Answer");

    HttpResponse<String> get = send("GET", "/api/v1/phone-numbers/" + phone, null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(json.readTree(get.body())).isEqualTo(body);

    JsonNode list = json.readTree(send("GET", "/api/v1/phone-numbers?size=200", null).body());
    assertThat(list.path("items").findValuesAsText("phoneNumberId")).contains(phone);
    assertThat(list.path("total").asLong()).isEqualTo(list.path("items").size());
  }

  @Test
  void aUsNumberMayNotPlaceBusinessInitiatedCallsButAJamaicanPlusOneNumberMay() throws Exception {
    JsonNode us = json.readTree(asOperator("PUT", "/api/v1/phone-numbers/" + phone, "{\"displayNumber\": \"+12015550123\"}").body());
    assertThat(us.path("country").asText()).isEqualTo("US");
    assertThat(us.path("businessInitiatedCallingAllowed").asBoolean()).isFalse();

    JsonNode jamaica = json.readTree(asOperator("PUT", "/api/v1/phone-numbers/" + phone + "9",
        "{\"displayNumber\": \"+18765550123\"}").body());
    assertThat(jamaica.path("country").asText()).isEqualTo("JM");
    assertThat(jamaica.path("businessInitiatedCallingAllowed").asBoolean()).isTrue();
  }

  @Test
  void aTurkishNumberMayNotPlaceBusinessInitiatedCallsByDefault() throws Exception {
    JsonNode turkey = json.readTree(asOperator("PUT", "/api/v1/phone-numbers/" + phone + "90",
        "{\"displayNumber\": \"+905321234567\"}").body());
    assertThat(turkey.path("country").asText()).isEqualTo("TR");
    assertThat(turkey.path("businessInitiatedCallingAllowed").asBoolean()).isFalse();
  }

  @Test
  void omittedSettingsAreAnsweredWithTheConfiguredDefaults() throws Exception {
    JsonNode body = json.readTree(asOperator("PUT", "/api/v1/phone-numbers/" + phone, "{\"displayNumber\": \"+5511955550123\"}").body());

    assertThat(body.path("ringTimeoutSeconds").asInt()).isEqualTo(20);
    assertThat(body.path("wrapUpSeconds").asInt()).isEqualTo(3600);
    assertThat(body.path("callbackRequestsEnabled").asBoolean()).isFalse();
    assertThat(texts(body.path("dispositionTags"))).containsExactly("Resolved", "Follow-up Required", "No Answer");
  }

  @Test
  void anInvalidDisplayNumberIs400NamingTheFieldAndNothingIsStored() throws Exception {
    HttpResponse<String> response = asOperator("PUT", "/api/v1/phone-numbers/" + phone, "{\"displayNumber\": \"+5511\"}");

    assertProblem(response, 400, "INVALID_REQUEST");
    assertThat(fields(response)).containsExactly("displayNumber");
    assertThat(send("GET", "/api/v1/phone-numbers/" + phone, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aRingTimeoutOutsideFiveTo45SecondsOrNotANumberIs400NamingTheField() throws Exception {
    HttpResponse<String> tooLong = asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\": \"+5511955550123\", \"ringTimeoutSeconds\": 60}");
    assertProblem(tooLong, 400, "INVALID_REQUEST");
    assertThat(fields(tooLong)).containsExactly("ringTimeoutSeconds");
    assertThat(json.readTree(tooLong.body()).path("detail").asText()).contains("between 5 and 45 seconds");

    HttpResponse<String> text = asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\": \"+5511955550123\", \"ringTimeoutSeconds\": \"twenty\"}");
    assertProblem(text, 400, "INVALID_REQUEST");
    assertThat(fields(text)).containsExactly("ringTimeoutSeconds");

    HttpResponse<String> badTag = asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\": \"+5511955550123\", \"dispositionTags\": [\"Resolved\", {\"x\": 1}]}");
    assertProblem(badTag, 400, "INVALID_REQUEST");
    assertThat(fields(badTag)).containsExactly("dispositionTags[1]");
  }

  @Test
  void anUnknownPhoneNumberIs404WithProblemDetails() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/phone-numbers/" + phone, null);

    assertProblem(response, 404, "PHONE_NUMBER_NOT_FOUND");
    assertThat(json.readTree(response.body()).path("phoneNumberId").asText()).isEqualTo(phone);
    assertProblem(send("GET", "/api/v1/phone-numbers/" + phone + "/ring-group", null), 404, "PHONE_NUMBER_NOT_FOUND");
  }

  @Test
  void anAgentPutIsReadBackAndListedAndAnUnknownChannelIs400() throws Exception {
    HttpResponse<String> put = asOperator("PUT", "/api/v1/agents/" + agent,
        "{\"name\": \"Ana\", \"defaultChannel\": \"MOBILE_APP\", \"available\": false}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonNode body = json.readTree(put.body());
    assertThat(body.path("agentId").asText()).isEqualTo(agent);
    assertThat(body.path("name").asText()).isEqualTo("Ana");
    assertThat(body.path("defaultChannel").asText()).isEqualTo("MOBILE_APP");
    assertThat(body.path("available").asBoolean()).isFalse();

    assertThat(json.readTree(send("GET", "/api/v1/agents/" + agent, null).body())).isEqualTo(body);
    assertThat(json.readTree(send("GET", "/api/v1/agents?size=200", null).body()).path("items").findValuesAsText("agentId"))
        .contains(agent);

    HttpResponse<String> wrong = asOperator("PUT", "/api/v1/agents/" + agent, "{\"name\": \"Ana\", \"defaultChannel\": \"PHONE\"}");
    assertProblem(wrong, 400, "INVALID_REQUEST");
    assertThat(fields(wrong)).containsExactly("defaultChannel");
    assertProblem(send("GET", "/api/v1/agents/" + agent + "-unknown", null), 404, "AGENT_NOT_FOUND");
  }

  @Test
  void theRingGroupKeepsItsOrderAndTheFirstMemberIsThePrimary() throws Exception {
    putNumber(phone);
    putAgent(agent + "a", "Ana", "WEB_APP", true);
    putAgent(agent + "b", "Bruno", "MOBILE_APP", false);
    putAgent(agent + "c", "Carla", "WEB_APP", true);

    HttpResponse<String> put = asOperator("PUT", "/api/v1/phone-numbers/" + phone + "/ring-group",
        "{\"members\": [\"%sc\", \"%sa\", \"%sb\"]}".formatted(agent, agent, agent));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    JsonNode group = json.readTree(send("GET", "/api/v1/phone-numbers/" + phone + "/ring-group", null).body());
    assertThat(group).isEqualTo(json.readTree(put.body()));
    JsonNode members = group.path("members");
    assertThat(members.findValuesAsText("agentId")).containsExactly(agent + "c", agent + "a", agent + "b");
    assertThat(members.findValuesAsText("name")).containsExactly("Carla", "Ana", "Bruno");
    assertThat(members.get(0).path("primary").asBoolean()).isTrue();
    assertThat(members.get(1).path("primary").asBoolean()).isFalse();
    assertThat(members.get(2).path("position").asInt()).isEqualTo(2);
    assertThat(members.get(2).path("channel").asText()).isEqualTo("MOBILE_APP");
    assertThat(members.get(2).path("available").asBoolean()).isFalse();
  }

  @Test
  void aRingGroupWithUnknownOrRepeatedAgentsIs400NamingThemAndAnUnknownNumberIs404() throws Exception {
    putNumber(phone);
    putAgent(agent, "Ana", "WEB_APP", true);

    HttpResponse<String> unknown = asOperator("PUT", "/api/v1/phone-numbers/" + phone + "/ring-group",
        "{\"members\": [\"%s\", \"ghost-1\", \"ghost-2\"]}".formatted(agent));
    assertProblem(unknown, 400, "UNKNOWN_AGENTS");
    assertThat(texts(json.readTree(unknown.body()).path("agentIds"))).containsExactly("ghost-1", "ghost-2");
    assertThat(fields(unknown)).containsExactly("members");

    HttpResponse<String> twice = asOperator("PUT", "/api/v1/phone-numbers/" + phone + "/ring-group",
        "{\"members\": [\"%s\", \"%s\"]}".formatted(agent, agent));
    assertProblem(twice, 400, "DUPLICATE_AGENTS");
    assertThat(texts(json.readTree(twice.body()).path("agentIds"))).containsExactly(agent);

    assertThat(json.readTree(send("GET", "/api/v1/phone-numbers/" + phone + "/ring-group", null).body())
        .path("members").size()).isZero();
    assertProblem(asOperator("PUT", "/api/v1/phone-numbers/" + phone + "0/ring-group", "{\"members\": [\"%s\"]}".formatted(agent)),
        404, "PHONE_NUMBER_NOT_FOUND");
  }

  @Test
  void theRingingEndpointShowsOnlyTheCallsStillRingingForThatAgent() throws Exception {
    putAgent(agent, "Ana", "WEB_APP", true);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ringing.ringing("inbound-call:wacid.over-" + agent, agent, phone, "5521987650001", now.minusSeconds(21), now.minusSeconds(1));
    ringing.ringing("inbound-call:wacid.now-" + agent, agent, phone, "5521987650002", now, now.plusSeconds(60));
    ringing.ringing("inbound-call:wacid.other-" + agent, agent + "-other", phone, "5521987650003", now, now.plusSeconds(60));

    HttpResponse<String> response = send("GET", "/api/v1/agents/" + agent + "/ringing", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode calls = json.readTree(response.body());
    assertThat(calls.size()).isEqualTo(1);
    JsonNode call = calls.get(0);
    assertThat(call.path("callId").asText()).isEqualTo("inbound-call:wacid.now-" + agent);
    assertThat(call.path("phoneNumberId").asText()).isEqualTo(phone);
    assertThat(call.path("from").asText()).isEqualTo("5521987650002");
    assertThat(Instant.parse(call.path("ringingSince").asText())).isEqualTo(now);
    assertThat(Instant.parse(call.path("ringExpiresAt").asText())).isEqualTo(now.plusSeconds(60));

    ringing.stopRinging("inbound-call:wacid.now-" + agent, agent);
    assertThat(json.readTree(send("GET", "/api/v1/agents/" + agent + "/ringing", null).body()).size()).isZero();
    assertProblem(send("GET", "/api/v1/agents/" + agent + "-unknown/ringing", null), 404, "AGENT_NOT_FOUND");
  }

  @Test
  void theConversationLogIsNewestFirstInPages() throws Exception {
    String customer = "55219876" + phone.substring(phone.length() - 5);
    Instant t = Instant.parse("2026-06-01T10:00:00Z");
    for (int i = 0; i < 3; i++) {
      conversations.logConversationEvent(new ConversationRecord(phone, customer, t.plusSeconds(60L * i),
          ConversationEventKind.MISSED_CALL, "inbound-call:wacid." + phone + "-" + i, Map.of("agentsRung", i + 1)));
    }
    conversations.logConversationEvent(new ConversationRecord(phone, customer, t.plusSeconds(120),
        ConversationEventKind.CALLBACK_REQUEST_ALLOWED, "inbound-call:wacid." + phone + "-2", null));

    JsonNode first = json.readTree(send("GET", "/api/v1/conversations/" + phone + "/" + customer + "/events?size=3", null).body());
    assertThat(first.path("total").asLong()).isEqualTo(4);
    assertThat(first.path("items").size()).isEqualTo(3);
    assertThat(Instant.parse(first.path("items").get(0).path("at").asText())).isEqualTo(t.plusSeconds(120));
    assertThat(first.path("items").get(0).path("kind").asText()).isEqualTo("CALLBACK_REQUEST_ALLOWED");
    assertThat(first.path("items").get(1).path("kind").asText()).isEqualTo("MISSED_CALL");
    assertThat(first.path("items").get(1).path("detail").path("agentsRung").asInt()).isEqualTo(3);

    JsonNode second = json.readTree(send("GET", "/api/v1/conversations/" + phone + "/" + customer + "/events?page=1&size=3", null).body());
    assertThat(second.path("items").size()).isEqualTo(1);
    assertThat(second.path("items").get(0).path("callId").asText()).isEqualTo("inbound-call:wacid." + phone + "-0");

    HttpResponse<String> tooBig = send("GET", "/api/v1/conversations/" + phone + "/" + customer + "/events?size=1000", null);
    assertProblem(tooBig, 400, "INVALID_REQUEST");
    assertThat(fields(tooBig)).containsExactly("size");
  }

  @Test
  void everyDirectoryRouteRefusesARequestWithoutABearerToken() throws Exception {
    List<String[]> routes = List.of(
        new String[] {"PUT", "/api/v1/phone-numbers/" + phone, "{\"displayNumber\": \"+5511955550123\"}"},
        new String[] {"GET", "/api/v1/phone-numbers", null},
        new String[] {"PUT", "/api/v1/agents/" + agent, "{\"name\": \"Ana\"}"},
        new String[] {"GET", "/api/v1/agents/" + agent + "/ringing", null},
        new String[] {"PUT", "/api/v1/phone-numbers/" + phone + "/ring-group", "{\"members\": []}"},
        new String[] {"GET", "/api/v1/conversations/" + phone + "/5521987650001/events", null});
    for (String[] route : routes) {
      HttpResponse<String> response = send(route[0], route[1], route[2], null);
      assertThat(response.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
      assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");
    }
    assertThat(send("GET", "/api/v1/phone-numbers/" + phone, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/agents/" + agent, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theOpenApiDocumentDescribesTheDirectoryRoutes() throws Exception {
    HttpResponse<String> response = send("GET", "/v3/api-docs", null, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode paths = json.readTree(response.body()).path("paths");
    assertThat(paths.has("/api/v1/phone-numbers/{phoneNumberId}")).isTrue();
    assertThat(paths.has("/api/v1/phone-numbers/{phoneNumberId}/ring-group")).isTrue();
    assertThat(paths.has("/api/v1/agents/{agentId}/ringing")).isTrue();
    assertThat(paths.has("/api/v1/conversations/{phoneNumberId}/{waId}/events")).isTrue();
  }

  private void putNumber(String id) throws Exception {
    HttpResponse<String> r = asOperator("PUT", "/api/v1/phone-numbers/" + id, "{\"displayNumber\": \"+5511955550123\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private void putAgent(String id, String name, String channel, boolean available) throws Exception {
    HttpResponse<String> r = asOperator("PUT", "/api/v1/agents/" + id,
        "{\"name\": \"%s\", \"defaultChannel\": \"%s\", \"available\": %s}".formatted(name, channel, available));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo(code);
  }

  private List<String> fields(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body()).path("errors").findValuesAsText("field");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

}
