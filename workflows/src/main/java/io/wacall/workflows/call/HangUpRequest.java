package io.wacall.workflows.call;

/** Argument of the {@code hangUp} update: the agent on the call ends it (terminate through the Cloud API). */
public record HangUpRequest(String agentId) {}
