package io.wacall.contract.call.command;

/** Argument of the {@code hangUp} update: the agent on the call ends it (terminate through the Cloud API). */
public record HangUpRequest(String agentId) {}
