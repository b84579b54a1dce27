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
 */
public record OutboundCallInput(
    String requestId, String phoneNumberId, String to, String agentId, String sdpOffer, Duration ringTimeout) {
  public OutboundCallInput {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(sdpOffer, "sdpOffer");
  }
}
