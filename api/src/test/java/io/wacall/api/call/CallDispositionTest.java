package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.backend.store.CallReadModel;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code PUT /calls/{id}/disposition} over real HTTP into the real read model: the API stores the
 * disposition in the call's record, checks the window the record carries (CONNECTED, or ENDED
 * until wrapUpEndsAt) and the business number's tags, and every read of the call shows it. Most
 * calls here are records written straight through {@link CallReadModel#record}, with no workflow
 * behind them: the disposition needs none.
 */
class CallDispositionTest extends ApiHttpTest {
  static final String PHONE = "106540352240003";
  static final String AGENT = "dispo-agent";
  static final String OTHER = "dispo-other";
  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";
  static final AtomicInteger calls = new AtomicInteger();

  @Autowired CallReadModel readModel;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void directory() throws Exception {
    meta.resetAll();
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls"))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}")));
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE, """
        {"displayNumber":"+5511955550124","ringTimeoutSeconds":30,"wrapUpSeconds":600,
         "dispositionTags":["Resolved","Call Back Later"]}""").statusCode()).isEqualTo(200);
    for (String agent : List.of(AGENT, OTHER)) {
      assertThat(asOperator("PUT", "/api/v1/agents/" + agent, "{\"name\":\"" + agent + "\"}").statusCode()).isEqualTo(200);
    }
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group",
        "{\"members\":[\"" + AGENT + "\"]}").statusCode()).isEqualTo(200);
  }

  @Test
  void aDispositionIsStoredInTheCallRecordWithNoWorkflowBehindIt() throws Exception {
    String id = recorded(CallStatus.ENDED, Instant.now().plus(Duration.ofMinutes(10)), "run-1", 7);

    HttpResponse<String> set = disposition(id, "{\"tag\":\"  call back LATER \",\"note\":\"after 5 pm\",\"agentId\":\"" + AGENT + "\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonNode body = json.readTree(set.body());
    assertThat(body.path("id").asText()).isEqualTo(id);
    assertThat(body.path("status").asText()).isEqualTo("ENDED");
    assertThat(body.path("disposition").path("tag").asText()).isEqualTo("Call Back Later"); // the number's spelling
    assertThat(body.path("disposition").path("note").asText()).isEqualTo("after 5 pm");
    assertThat(body.path("disposition").path("setBy").asText()).isEqualTo(AGENT);
    Instant at = Instant.parse(body.path("disposition").path("at").asText());
    assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now());

    // every read shows it: the call (its run is long gone, or never was) and the list
    JsonNode call = json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
    assertThat(call.path("disposition")).isEqualTo(body.path("disposition"));
    assertThat(listed(id).path("disposition")).isEqualTo(body.path("disposition"));
    assertThat(jdbc.sql("SELECT disposition_tag FROM call_records WHERE id = :id").param("id", id).query(String.class)
        .single()).isEqualTo("Call Back Later");
  }

  @Test
  void settingItAgainWithinTheWindowReplacesIt() throws Exception {
    String id = recorded(CallStatus.CONNECTED, null, "run-1", 3);
    assertThat(disposition(id, "{\"tag\":\"Resolved\",\"note\":\"first\",\"agentId\":\"" + AGENT + "\"}").statusCode())
        .isEqualTo(200);

    HttpResponse<String> again = disposition(id, "{\"tag\":\"Call Back Later\"}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode disposition = json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("disposition");
    assertThat(disposition.path("tag").asText()).isEqualTo("Call Back Later");
    assertThat(disposition.path("note").isNull()).isTrue();
    assertThat(disposition.path("setBy").isNull()).isTrue(); // a service that named no agent
  }

  @Test
  void noDispositionOutsideTheWindow() throws Exception {
    String closed = recorded(CallStatus.ENDED, Instant.now().minusSeconds(1), "run-1", 9);
    String noWindow = recorded(CallStatus.ENDED, null, "run-1", 9); // never connected: nothing to wrap up
    String ringing = recorded(CallStatus.RINGING, null, "run-1", 2);
    String refused = recorded(CallStatus.REFUSED, null, "run-1", 2);

    for (String id : List.of(closed, noWindow, ringing, refused)) {
      HttpResponse<String> refusedSet = disposition(id, "{\"tag\":\"Resolved\"}");
      assertProblem(refusedSet, 409, "DISPOSITION_NOT_OPEN");
      // the window is checked before the tag, as the workflow's update did
      assertProblem(disposition(id, "{\"tag\":\"Sold a yacht\"}"), 409, "DISPOSITION_NOT_OPEN");
      assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("disposition").isNull()).isTrue();
    }
  }

  @Test
  void aTagTheNumberDoesNotHaveABlankTagOrALongNoteIs400_anUnknownCall404() throws Exception {
    String id = recorded(CallStatus.ENDED, Instant.now().plus(Duration.ofMinutes(10)), "run-1", 7);

    HttpResponse<String> badTag = disposition(id, "{\"tag\":\"Sold a yacht\"}");
    assertProblem(badTag, 400, "INVALID_DISPOSITION_TAG");
    assertThat(json.readTree(badTag.body()).path("detail").asText()).contains("Resolved", "Call Back Later");
    assertProblem(disposition(id, "{\"tag\":\"   \"}"), 400, "INVALID_REQUEST");
    assertProblem(disposition(id, "{\"tag\":\"Resolved\",\"note\":\"" + "n".repeat(2001) + "\"}"), 400, "INVALID_REQUEST");
    assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("disposition").isNull()).isTrue();
    assertThat(disposition(id, "{\"tag\":\"Resolved\",\"note\":\"" + "n".repeat(2000) + "\"}").statusCode()).isEqualTo(200);

    assertProblem(disposition("inbound-call:wacid.DISPO-NONE" + System.nanoTime(), "{\"tag\":\"Resolved\"}"), 404,
        "CALL_NOT_FOUND");
    assertProblem(disposition("not-a-call-id", "{\"tag\":\"Resolved\"}"), 404, "CALL_NOT_FOUND");
  }

  @Test
  void laterSnapshotsOfTheRunNeverEraseTheDisposition() throws Exception {
    String id = recorded(CallStatus.CONNECTED, null, "run-1", 4);
    HttpResponse<String> set = disposition(id, "{\"tag\":\"Resolved\",\"note\":\"kept\",\"agentId\":\"" + AGENT + "\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonNode expected = json.readTree(set.body()).path("disposition");

    // the same version again (a retry, ignored), the call's end, and a later run of the same id
    assertThat(readModel.record(view(id, CallStatus.CONNECTED, null, 4), "run-1")).isFalse();
    assertThat(readModel.record(view(id, CallStatus.ENDED, Instant.now().plus(Duration.ofMinutes(10)), 5), "run-1")).isTrue();
    assertThat(readModel.record(view(id, CallStatus.ENDED, Instant.now().plus(Duration.ofMinutes(10)), 9), "run-1")).isTrue();
    assertThat(readModel.record(view(id, CallStatus.ENDED, Instant.now().plus(Duration.ofMinutes(10)), 1), "run-2")).isTrue();

    JsonNode call = json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
    assertThat(call.path("workflowStatus").asText()).isEqualTo("ENDED");
    assertThat(call.path("disposition")).isEqualTo(expected);
    assertThat(listed(id).path("disposition")).isEqualTo(expected);
    assertThat(jdbc.sql("SELECT disposition_tag FROM call_records WHERE id = :id").param("id", id).query(String.class)
        .single()).isEqualTo("Resolved");
  }

  @Test
  void anAgentSetsItOnlyOnItsOwnCall() throws Exception {
    String id = recorded(CallStatus.ENDED, Instant.now().plus(Duration.ofMinutes(10)), "run-1", 7);
    String mine = mint(AGENT);
    String other = mint(OTHER);

    assertProblem(send("PUT", "/api/v1/calls/" + id + "/disposition", "{\"tag\":\"Resolved\"}", other), 403, "FORBIDDEN");
    assertProblem(send("PUT", "/api/v1/calls/" + id + "/disposition",
        "{\"tag\":\"Resolved\",\"agentId\":\"" + AGENT + "\"}", other), 403, "FORBIDDEN");
    assertProblem(send("PUT", "/api/v1/calls/" + id + "/disposition",
        "{\"tag\":\"Resolved\",\"agentId\":\"" + OTHER + "\"}", mine), 403, "FORBIDDEN");
    assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("disposition").isNull()).isTrue();

    HttpResponse<String> own = send("PUT", "/api/v1/calls/" + id + "/disposition", "{\"tag\":\"Resolved\"}", mine);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(json.readTree(own.body()).path("disposition").path("setBy").asText()).isEqualTo(AGENT);
  }

  /**
   * A real inbound call whose run still answers queries: set while CONNECTED, the disposition is
   * in the record, not in the run; the call's live view shows it, and so does every later read
   * after the run's own snapshots of the call's end.
   */
  @Test
  void setWhileConnected_theLiveViewAndTheRunsLaterSnapshotsShowIt() throws Exception {
    String wacid = "wacid.DISPO" + System.nanoTime();
    String id = "inbound-call:" + wacid;
    assertThat(signedWebhook(CallRoutingTest.connect(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(json.readTree(
        send("GET", "/api/v1/calls/" + id, null).body()).path("ringing").path("agentId").asText()).isEqualTo(AGENT));
    HttpResponse<String> answered = send("POST", "/api/v1/calls/" + id + "/answer",
        "{\"agentId\":\"" + AGENT + "\",\"sdpAnswer\":\"" + SDP + "\"}");
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(listed(id).path("workflowStatus").asText()).isEqualTo("CONNECTED"));

    HttpResponse<String> set = disposition(id, "{\"tag\":\"resolved\",\"agentId\":\"" + AGENT + "\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonNode expected = json.readTree(set.body()).path("disposition");
    assertThat(expected.path("tag").asText()).isEqualTo("Resolved");
    JsonNode live = json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
    assertThat(live.path("workflowStatus").asText()).isEqualTo("CONNECTED");
    assertThat(live.path("disposition")).isEqualTo(expected);

    HttpResponse<String> hungUp = send("POST", "/api/v1/calls/" + id + "/hangup", "{\"agentId\":\"" + AGENT + "\"}");
    assertThat(hungUp.statusCode()).as(hungUp.body()).isEqualTo(200);
    assertThat(signedWebhook(CallRoutingTest.terminate(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode recorded = listed(id);
      assertThat(recorded.path("workflowStatus").asText()).isEqualTo("ENDED");
      assertThat(recorded.path("wrapUpEndsAt").isNull()).isFalse();
    });
    assertThat(listed(id).path("disposition")).isEqualTo(expected);
    assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("disposition")).isEqualTo(expected);

    // in wrap-up: replaced
    HttpResponse<String> replaced = disposition(id, "{\"tag\":\"Call Back Later\",\"agentId\":\"" + AGENT + "\"}");
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("disposition").path("tag").asText())
        .isEqualTo("Call Back Later");
  }

  private HttpResponse<String> disposition(String id, String body) throws Exception {
    return send("PUT", "/api/v1/calls/" + id + "/disposition", body);
  }

  /** The call as the read model lists it (the list never asks Temporal). */
  private JsonNode listed(String id) throws Exception {
    HttpResponse<String> page = send("GET", "/api/v1/calls?phoneNumberId=" + PHONE + "&size=500", null);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    for (JsonNode item : json.readTree(page.body()).path("items")) {
      if (item.path("id").asText().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("no " + id + " in the call list");
  }

  /** A call written straight into the read model, as a workflow's RecordCall would: no run behind it. */
  private String recorded(CallStatus status, Instant wrapUpEndsAt, String runId, long version) {
    String id = "inbound-call:wacid.DISPO-REC" + calls.incrementAndGet() + "x" + System.nanoTime();
    assertThat(readModel.record(view(id, status, wrapUpEndsAt, version), runId)).isTrue();
    return id;
  }

  private static CallView view(String id, CallStatus status, Instant wrapUpEndsAt, long version) {
    Instant started = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    boolean ended = status == CallStatus.ENDED || status == CallStatus.REFUSED;
    return new CallView(id, id.substring("inbound-call:".length()), CallDirection.USER_INITIATED, PHONE, "5521987650003",
        status == CallStatus.RINGING ? null : AGENT, status, ended ? CallOutcome.COMPLETED : null, started,
        status == CallStatus.RINGING ? null : started.plusSeconds(5), ended ? started.plusSeconds(60) : null,
        ended ? 55 : null, false, null, null, List.of(), null, null, false, null, null, null, null, wrapUpEndsAt,
        List.of(), version, Instant.now());
  }

  private String mint(String agent) throws Exception {
    HttpResponse<String> minted = send("POST", "/api/v1/agents/" + agent + "/tokens", "{}");
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    return json.readTree(minted.body()).path("token").asText();
  }

  private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json.readTree(response.body()).path("code").asText()).as(response.body()).isEqualTo(code);
  }
}
