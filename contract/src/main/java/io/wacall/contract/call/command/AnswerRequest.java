package io.wacall.contract.call.command;

/** Argument of the {@code answer} update: the agent taking the call and their SDP answer to the caller's offer. */
public record AnswerRequest(String agentId, String sdpAnswer) {}
