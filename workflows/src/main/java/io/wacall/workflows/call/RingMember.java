package io.wacall.workflows.call;

import io.wacall.contract.call.view.AgentChannel;
import java.util.Objects;

/** A ring-group member as the directory has them when the call starts. */
public record RingMember(String agentId, String name, AgentChannel channel, boolean available) {
  public RingMember {
    Objects.requireNonNull(agentId, "agentId");
    channel = channel == null ? AgentChannel.WEB_APP : channel;
  }
}
