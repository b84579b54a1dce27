package io.wacall.workflows.directory;

/**
 * One member of a business number's ring group, as the InboundCall workflow rings it.
 *
 * @param channel the agent's default channel, where the ringing notification goes
 * @param available false: the workflow skips this member
 */
public record RingMember(String agentId, String name, AgentChannel channel, boolean available) {}
