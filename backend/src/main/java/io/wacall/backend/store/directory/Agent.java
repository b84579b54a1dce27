package io.wacall.backend.store.directory;

import io.wacall.contract.call.view.AgentChannel;
import java.time.Instant;

/** An agent of the directory. */
public record Agent(String agentId, String name, AgentChannel defaultChannel, boolean available, Instant updatedAt) {}
