package io.wacall.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drives calls through the real edges of a running wacall, as Meta (the sandbox), the CRM (the
 * service token) and the agents' clients (their own tokens) would: a customer calls, the agent's
 * client sees it ringing and answers through the API, the customer hangs up, the agent sets the
 * disposition; or the CRM asks a customer's permission and calls them.
 */
final class CallDriver {
  static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
  static final ObjectMapper JSON = new ObjectMapper();
  /** How often a client polls (the ringing list, a call's record) unless told otherwise. */
  static final Duration POLL = Duration.ofMillis(20);
  /** Differs from run to run, so that a stack attached to twice sees new customers. */
  private static final int RUN = (int) (System.currentTimeMillis() / 1000 % 1_000_000);

  private final Stack stack;
  private final Duration poll;
  private final Map<String, String> agentTokens = new ConcurrentHashMap<>();

  CallDriver(Stack stack) {
    this(stack, POLL);
  }

  CallDriver(Stack stack, Duration poll) {
    this.stack = stack;
    this.poll = poll;
  }

  /** A business number (Brazil's, which may place calls) whose ring group is {@code agents}, in order. */
  void businessNumber(String phoneNumberId, List<String> agents) throws Exception {
    stack.ok(Stack.OPERATOR_TOKEN, "PUT", "/api/v1/phone-numbers/" + phoneNumberId, """
        {"displayNumber":"+55119555%s","ringTimeoutSeconds":5,"wrapUpSeconds":3600,"callbackRequestsEnabled":true,
         "dispositionTags":["Resolved","Follow-up Required","No Answer"]}""".formatted(
        phoneNumberId.substring(phoneNumberId.length() - 5)));
    for (String agent : agents) {
      stack.ok(Stack.OPERATOR_TOKEN, "PUT", "/api/v1/agents/" + agent,
          "{\"name\":\"" + agent + "\",\"defaultChannel\":\"WEB_APP\",\"available\":true}");
    }
    stack.ok(Stack.OPERATOR_TOKEN, "PUT", "/api/v1/phone-numbers/" + phoneNumberId + "/ring-group",
        JSON.writeValueAsString(Map.of("members", agents)));
  }

  /** A customer calls; returns the call's id ({@code inbound-call:<wacid>}). */
  String customerCalls(String customer, String phoneNumberId, double talkSeconds) throws Exception {
    JsonNode placed = JSON.readTree(stack.ok(null, "POST", "/sandbox/customers/" + customer + "/calls",
        "{\"phoneNumberId\":\"" + phoneNumberId + "\",\"talkSeconds\":" + talkSeconds + "}"));
    return "inbound-call:" + placed.path("callId").asText();
  }

  /** Waits until {@code agent}'s client sees {@code callId} ringing (its ringing list, as the client polls it). */
  void awaitRinging(String agent, String callId, Duration within) throws Exception {
    await(within, poll, "ringing for " + agent + ": " + callId, () -> JSON.readTree(
        stack.get(agentToken(agent), "/api/v1/agents/" + agent + "/ringing").body()).findValuesAsText("callId")
        .contains(callId));
  }

  void answer(String agent, String callId) throws Exception {
    stack.ok(agentToken(agent), "POST", "/api/v1/calls/" + callId + "/answer",
        JSON.writeValueAsString(Map.of("sdpAnswer", SDP)));
  }

  /** Waits until the call's record shows it ended with the ledger's charge, and returns the record. */
  JsonNode awaitEnded(String callId, Duration within) throws Exception {
    JsonNode[] last = new JsonNode[1];
    await(within, poll, callId + " ended and charged", () -> {
      last[0] = JSON.readTree(stack.get(Stack.SERVICE_TOKEN, "/api/v1/calls/" + callId).body());
      return "ENDED".equals(last[0].path("status").asText())
          && (!"COMPLETED".equals(last[0].path("outcome").asText()) || last[0].path("charge").isObject());
    });
    return last[0];
  }

  void disposition(String agent, String callId) throws Exception {
    stack.ok(agentToken(agent), "PUT", "/api/v1/calls/" + callId + "/disposition", "{\"tag\":\"Resolved\"}");
  }

  /** A sandbox customer who grants a temporary permission and then {@code behaviour}s the business's call. */
  void customer(String customer, String behaviour) throws Exception {
    stack.ok(null, "PUT", "/sandbox/customers/" + customer, """
        {"permissionReply":"ACCEPT_TEMPORARY","callBehaviour":"%s","answerAfterSeconds":0.5,"talkSeconds":1,
         "replyDelaySeconds":0.2}""".formatted(behaviour));
  }

  /** Asks the customer's permission and waits until the grant is in. */
  void grantedPermission(String phoneNumberId, String customer) throws Exception {
    stack.ok(Stack.SERVICE_TOKEN, "POST", "/api/v1/permissions/" + phoneNumberId + "/" + customer + "/requests", "{}");
    await(Duration.ofSeconds(30), poll, "permission of " + customer, () -> "TEMPORARY".equals(JSON.readTree(
        stack.get(Stack.SERVICE_TOKEN, "/api/v1/permissions/" + phoneNumberId + "/" + customer).body())
        .path("status").asText()));
  }

  /** The CRM calls a customer; returns the call's id. */
  String businessCalls(String requestId, String phoneNumberId, String customer, String agent) throws Exception {
    JsonNode placed = JSON.readTree(stack.ok(Stack.SERVICE_TOKEN, "POST", "/api/v1/calls", JSON.writeValueAsString(
        Map.of("requestId", requestId, "phoneNumberId", phoneNumberId, "to", customer, "agentId", agent,
            "sdpOffer", SDP))));
    return placed.path("id").asText();
  }

  private String agentToken(String agent) throws Exception {
    String token = agentTokens.get(agent);
    if (token == null) {
      token = JSON.readTree(stack.ok(Stack.SERVICE_TOKEN, "POST", "/api/v1/agents/" + agent + "/tokens", "{}"))
          .path("token").asText();
      agentTokens.put(agent, token);
    }
    return token;
  }

  /** A valid Brazilian mobile number ({@code 55 21 9xxxxxxxx}) of block 1-9, unique per run and {@code n}. */
  static String customerNumber(int block, int n) {
    return "55219" + block + String.format("%07d", (RUN * 1_000L + n) % 10_000_000);
  }

  interface Check {
    boolean done() throws Exception;
  }

  static void await(Duration within, Duration poll, String what, Check check) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!check.done()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + within + ": " + what);
      }
      Thread.sleep(poll.toMillis());
    }
  }
}
