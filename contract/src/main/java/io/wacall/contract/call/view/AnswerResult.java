package io.wacall.contract.call.view;

/**
 * Result of an accepted {@code answer} update.
 *
 * @param gotCall true once pre_accept and accept succeeded: the agent may start media
 * @param callId the workflow ID
 * @param reason why the agent did not get the call ({@code PRE_ACCEPT_FAILED}, {@code ACCEPT_FAILED},
 *     {@code CALLER_HUNG_UP}), else null
 */
public record AnswerResult(boolean gotCall, String callId, String wacid, CallStatus status, String reason) {}
