package io.wacall.api.web;

import org.springframework.http.HttpStatus;

/**
 * Every {@code code} an error of the API can carry, with its HTTP status: the list the OpenAPI
 * document shows per operation (see {@link Fails}), so a CRM developer can switch on the code.
 */
public enum ProblemCode {
  INVALID_REQUEST(HttpStatus.BAD_REQUEST, "a parameter or a field of the body is missing or wrong (errors[] names it)"),
  INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "a query parameter is wrong (parameter names it)"),
  INVALID_PHONE_NUMBER(HttpStatus.BAD_REQUEST, "the number is not a valid phone number"),
  INVALID_RATE_CARD(HttpStatus.BAD_REQUEST, "the rate card CSV is invalid (errors[] by line)"),
  NAMESPACE_NOT_SERVED(HttpStatus.BAD_REQUEST, "the X-Namespace header names another namespace than wacall's"),
  INVALID_DISPOSITION_TAG(HttpStatus.BAD_REQUEST, "the tag is not one of the business number's disposition tags"),
  UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "no bearer token, or one that is unknown, expired or signed with a retired key"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "the credential's role may not do this, or an agent reached for what is not its own"),
  PERMISSION_REQUIRED(HttpStatus.FORBIDDEN, "the customer has not granted call permission"),
  CALL_NOT_FOUND(HttpStatus.NOT_FOUND, "no such call"),
  AGENT_NOT_FOUND(HttpStatus.NOT_FOUND, "no such agent"),
  PHONE_NUMBER_NOT_FOUND(HttpStatus.NOT_FOUND, "no such business number"),
  RATE_CARD_NOT_FOUND(HttpStatus.NOT_FOUND, "no such rate card version"),
  EVENT_NOT_FOUND(HttpStatus.NOT_FOUND, "no such webhook event"),
  MEDIA_NOT_FOUND(HttpStatus.NOT_FOUND, "the call has no recording or transcript (none was made, or it is not stored yet, or it was purged)"),
  CALL_NOT_TAKEN(HttpStatus.CONFLICT, "the call was not given to this agent (it stopped ringing for it, or was taken)"),
  NOT_RINGING_FOR_AGENT(HttpStatus.CONFLICT, "the call is not ringing for this agent now"),
  NOT_IN_CALL(HttpStatus.CONFLICT, "the agent is not on this call"),
  DISPOSITION_NOT_OPEN(HttpStatus.CONFLICT, "the wrap-up window is not open"),
  CLOUD_API_CALL_IN_PROGRESS(HttpStatus.CONFLICT, "Meta reports a call already in progress with this customer"),
  REQUEST_ID_REUSED(HttpStatus.CONFLICT, "this requestId names another call (the fields that differ are named): a new call needs a new requestId"),
  PERMISSION_ALREADY_GRANTED(HttpStatus.CONFLICT, "a grant is active: no request is needed"),
  NO_RATE_CARD(HttpStatus.CONFLICT, "no rate card is in force at that instant"),
  RECONCILIATION_NOT_CONFIGURED(HttpStatus.CONFLICT, "no business account is configured for the ledger reconciliation (wacall.reconciliation.accounts)"),
  EVENT_NOT_REDISPATCHABLE(HttpStatus.CONFLICT, "only FAILED or IGNORED events are re-dispatched"),
  EVENT_PAYLOAD_PURGED(HttpStatus.CONFLICT, "the event's payload is past its retention and was purged"),
  PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "the request body is larger than this endpoint accepts"),
  CALLING_NOT_AVAILABLE(HttpStatus.UNPROCESSABLE_ENTITY, "business-initiated calling is not available for this number"),
  CALLING_RESTRICTED(HttpStatus.UNPROCESSABLE_ENTITY, "Meta paused the number's business-initiated calling (a quality restriction): retry at restrictedUntil (Retry-After)"),
  DESTINATION_NOT_CALLABLE(HttpStatus.UNPROCESSABLE_ENTITY, "the customer's market cannot be called"),
  RECIPIENT_UNSUPPORTED(HttpStatus.UNPROCESSABLE_ENTITY, "the customer's WhatsApp cannot receive this"),
  BILLING_REFUSED(HttpStatus.UNPROCESSABLE_ENTITY, "the call cannot be priced"),
  PAYLOAD_NOT_DECODABLE(HttpStatus.UNPROCESSABLE_ENTITY, "a payload cannot be decrypted with the configured keys (key id named)"),
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Meta's call limits: retry at retryAt (Retry-After)"),
  REQUEST_THROTTLED(HttpStatus.TOO_MANY_REQUESTS, "1 request per 24 h, 2 per 7 days: retry at nextAllowedAt (Retry-After)"),
  CLOUD_API_REJECTED(HttpStatus.BAD_GATEWAY, "Meta refused the request (graphCode says why)"),
  WORKFLOW_ENGINE_ERROR(HttpStatus.BAD_GATEWAY, "the workflow engine answered with an error"),
  CLOUD_API_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Meta could not be reached: retry later"),
  WORKFLOW_ENGINE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Temporal could not be reached: retry later"),
  WORKER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "no worker took the call in time: it was withdrawn, never placed; after Retry-After place it again with a fresh SDP offer and a new requestId"),
  DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "PostgreSQL could not be reached in time: nothing was stored; retry after Retry-After"),
  AGENT_TOKENS_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "no agent token signing key is configured");

  private final HttpStatus status;
  private final String meaning;

  ProblemCode(HttpStatus status, String meaning) {
    this.status = status;
    this.meaning = meaning;
  }

  public HttpStatus status() {
    return status;
  }

  public String meaning() {
    return meaning;
  }
}
