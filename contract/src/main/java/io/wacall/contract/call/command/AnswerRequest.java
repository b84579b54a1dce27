package io.wacall.contract.call.command;

/**
 * Argument of the {@code answer} update: the agent taking the call and their SDP answer to the caller's offer.
 *
 * @param capture whether Meta records and transcribes this call, over the number's settings; null
 *     (as every payload before it had) keeps the number's settings
 */
public record AnswerRequest(String agentId, String sdpAnswer, CallCapture capture) {
  /** An answer that keeps the number's recording settings. */
  public AnswerRequest(String agentId, String sdpAnswer) {
    this(agentId, sdpAnswer, null);
  }
}
