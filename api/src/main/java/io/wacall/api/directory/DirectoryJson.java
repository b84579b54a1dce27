package io.wacall.api.directory;

import io.wacall.backend.store.directory.Agent;
import io.wacall.backend.store.directory.ConversationLogEntry;
import io.wacall.backend.store.directory.PhoneNumber;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.permission.command.PermissionLimits;
import io.wacall.backend.store.directory.ConversationEventKind;
import io.wacall.workflows.call.RingMember;
import io.wacall.backend.store.directory.RingingCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The directory's JSON contract: request bodies and responses, camelCase, times as ISO-8601. */
final class DirectoryJson {
  /** The largest page of a directory list. */
  static final int MAX_PAGE_SIZE = 200;

  private DirectoryJson() {}

  /** {@code PUT /api/v1/phone-numbers/{phoneNumberId}}; only {@code displayNumber} is required. */
  record PhoneNumberBody(
      String displayNumber,
      Integer ringTimeoutSeconds,
      Integer wrapUpSeconds,
      Boolean callbackRequestsEnabled,
      List<String> dispositionTags,
      String limits) {}

  /**
   * A business number with what is derived from it: {@code country} from the display number,
   * {@code businessInitiatedCallingAllowed} from the country and the configured list.
   */
  record PhoneNumberResponse(
      String phoneNumberId,
      String displayNumber,
      String country,
      boolean businessInitiatedCallingAllowed,
      long ringTimeoutSeconds,
      long wrapUpSeconds,
      boolean callbackRequestsEnabled,
      List<String> dispositionTags,
      Instant updatedAt,
      PermissionLimits limits) {

    static PhoneNumberResponse of(PhoneNumber n) {
      return new PhoneNumberResponse(n.phoneNumberId(), n.displayNumber(), n.country(),
          n.businessInitiatedCallingAllowed(), n.ringTimeout().toSeconds(), n.wrapUp().toSeconds(),
          n.callbackRequestsEnabled(), n.dispositionTags(), n.updatedAt(), n.limits());
    }
  }

  /** {@code PUT /api/v1/agents/{agentId}}: {@code name} required; channel WEB_APP and available by default. */
  record AgentBody(String name, String defaultChannel, Boolean available) {}

  record AgentResponse(String agentId, String name, AgentChannel defaultChannel, boolean available, Instant updatedAt) {
    static AgentResponse of(Agent a) {
      return new AgentResponse(a.agentId(), a.name(), a.defaultChannel(), a.available(), a.updatedAt());
    }
  }

  /** {@code PUT /api/v1/phone-numbers/{phoneNumberId}/ring-group}: agent ids in ring order. */
  record RingGroupBody(List<String> members) {}

  /** One ring-group member; {@code primary} is the one rung first (position 0). */
  record RingGroupMember(int position, boolean primary, String agentId, String name, AgentChannel channel,
      boolean available) {}

  record RingGroupResponse(String phoneNumberId, List<RingGroupMember> members) {
    static RingGroupResponse of(String phoneNumberId, List<RingMember> members) {
      List<RingGroupMember> out = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        RingMember m = members.get(i);
        out.add(new RingGroupMember(i, i == 0, m.agentId(), m.name(), m.channel(), m.available()));
      }
      return new RingGroupResponse(phoneNumberId, out);
    }
  }

  /** A call ringing for an agent; {@code callId} is what {@code POST /api/v1/calls/{id}/answer} takes. */
  record RingingResponse(String callId, String phoneNumberId, String from, Instant ringingSince, Instant ringExpiresAt) {
    static RingingResponse of(RingingCall c) {
      return new RingingResponse(c.callId(), c.phoneNumberId(), c.from(), c.ringingSince(), c.ringExpiresAt());
    }
  }

  record ConversationEventResponse(long id, ConversationEventKind kind, Instant at, String callId,
      Map<String, Object> detail) {
    static ConversationEventResponse of(ConversationLogEntry e) {
      return new ConversationEventResponse(e.id(), e.kind(), e.at(), e.callId(), e.detail());
    }
  }

  record ConversationPage(String phoneNumberId, String waId, List<ConversationEventResponse> items, int page, int size,
      long total) {}

  /** A page of a directory list. */
  record Page<T>(List<T> items, int page, int size, long total) {}
}
