package io.wacall.contract.call.command;

/** Argument of the {@code decline} update: the member being rung passes; the next one is rung at once. */
public record DeclineRequest(String agentId, String reason) {}
