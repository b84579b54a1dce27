package io.wacall.contract.call.command;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument of the OutboundCall workflow, started by the API with update-with-start of
 * {@code connectResult} under ID {@code outbound-call:{requestId}}.
 *
 * @param requestId the caller's idempotency key
 * @param to the customer's WhatsApp number (digits)
 * @param sdpOffer the agent's SDP offer (RFC 8866, CRLF line ends)
 * @param ringTimeout how long the customer's phone may ring before we terminate (null: the default)
 * @param capture whether Meta records and transcribes this call, over the number's settings; null
 *     (as every payload before it had) keeps the number's settings
 */
public record OutboundCallInput(
    String requestId, String phoneNumberId, String to, String agentId, String sdpOffer, Duration ringTimeout,
    CallCapture capture) {
  public OutboundCallInput {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(sdpOffer, "sdpOffer");
  }

  /** A call that keeps the number's recording settings. */
  public OutboundCallInput(
      String requestId, String phoneNumberId, String to, String agentId, String sdpOffer, Duration ringTimeout) {
    this(requestId, phoneNumberId, to, agentId, sdpOffer, ringTimeout, null);
  }
}
