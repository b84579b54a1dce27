package io.wacall.api.events;

import io.wacall.api.call.CallResponse;
import io.wacall.api.permission.PermissionResponse;
import io.wacall.backend.store.directory.RingingCall;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open event stream of one agent (a browser tab). It remembers what it has told its client and
 * sends only the differences, so each tab gets the same events whenever it joined. The events are
 * state, not a log: a new stream (also a reconnect, with or without {@code Last-Event-ID}) starts
 * with {@code hello}, which lists every call ringing for the agent now, so a call that started
 * ringing while the client was away is never missed, followed by a {@code call} event for each of
 * the agent's recent calls, so one that connected or ended meanwhile is known too.
 */
final class AgentEventStream {
  private final String agentId;
  private final SseEmitter emitter;
  private Map<String, RingingCall> ringing;
  private final Map<String, CallResponse> calls = new HashMap<>();
  private final Map<String, PermissionResponse> permissions = new HashMap<>();
  private long lastId;

  AgentEventStream(String agentId, SseEmitter emitter) {
    this.agentId = agentId;
    this.emitter = emitter;
  }

  String agentId() {
    return agentId;
  }

  SseEmitter emitter() {
    return emitter;
  }

  /** Sends what changed since the last snapshot this stream saw; false when the client has gone. */
  synchronized boolean publish(AgentSnapshot now) {
    try {
      Map<String, RingingCall> current = new LinkedHashMap<>();
      now.ringing().forEach(r -> current.put(r.callId(), r));
      if (ringing == null) {
        // then every recent call as a call event (below): a call that ended while the client was away is told too
        send("hello", new Hello(agentId, now.ringing().stream().map(RingingEvent::of).toList()));
      } else {
        for (RingingCall r : current.values()) {
          if (!ringing.containsKey(r.callId())) {
            send("ringing", RingingEvent.of(r));
          }
        }
        for (String callId : ringing.keySet()) {
          if (!current.containsKey(callId)) {
            send("ringing-stopped", new RingingStopped(callId));
          }
        }
      }
      ringing = current;
      for (CallResponse call : now.calls()) {
        CallResponse before = calls.put(call.id(), call);
        if (before == null || changed(before, call)) {
          send("call", call);
        }
      }
      for (PermissionResponse permission : now.permissions()) {
        PermissionResponse before = permissions.put(permission.phoneNumberId() + "/" + permission.waId(), permission);
        if (before == null || changed(before, permission)) {
          send("permission", permission);
        }
      }
      return true;
    } catch (IOException | IllegalStateException gone) {
      return false;
    }
  }

  private static boolean changed(PermissionResponse before, PermissionResponse now) {
    return before.status() != now.status() || before.callable() != now.callable()
        || before.canRequestNow() != now.canRequestNow()
        || !Objects.equals(before.pendingRequest(), now.pendingRequest())
        || !Objects.equals(before.nextRequestAllowedAt(), now.nextRequestAllowedAt())
        || !Objects.equals(before.expiresAt(), now.expiresAt());
  }

  /** A comment line: keeps proxies from closing an idle stream, and finds a client that has gone. */
  synchronized boolean heartbeat() {
    try {
      emitter.send(SseEmitter.event().comment("keep-alive"));
      return true;
    } catch (IOException | IllegalStateException gone) {
      return false;
    }
  }

  private static boolean changed(CallResponse before, CallResponse now) {
    return !Objects.equals(before.workflowStatus(), now.workflowStatus())
        || !Objects.equals(before.status(), now.status())
        || !Objects.equals(before.sdpAnswer(), now.sdpAnswer())
        || !Objects.equals(before.disposition(), now.disposition())
        || !Objects.equals(before.outcome(), now.outcome())
        || !Objects.equals(before.durationSeconds(), now.durationSeconds())
        || !Objects.equals(before.timeline() == null ? 0 : before.timeline().size(),
            now.timeline() == null ? 0 : now.timeline().size());
  }

  private void send(String name, Object data) throws IOException {
    emitter.send(SseEmitter.event().id(Long.toString(++lastId)).name(name).data(data, MediaType.APPLICATION_JSON));
  }

  /** The first event of every stream: who it is for, and every call ringing for the agent now. */
  record Hello(String agentId, List<RingingEvent> ringing) {}

  record RingingEvent(String callId, String phoneNumberId, String from, java.time.Instant ringingSince,
      java.time.Instant ringExpiresAt) {
    static RingingEvent of(RingingCall c) {
      return new RingingEvent(c.callId(), c.phoneNumberId(), c.from(), c.ringingSince(), c.ringExpiresAt());
    }
  }

  record RingingStopped(String callId) {}
}
