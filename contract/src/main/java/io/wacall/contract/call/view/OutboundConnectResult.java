package io.wacall.contract.call.view;

/**
 * Result of the {@code connectResult} update: the checks passed and the connect was sent.
 *
 * @param id the workflow ID
 * @param wacid Meta's call id; null (status INITIATING) while Meta has not confirmed a connect whose
 *     answer was lost: the workflow learns it from the webhooks
 * @param status RINGING once placed, INITIATING while unconfirmed, or later statuses for a repeated request
 */
public record OutboundConnectResult(String id, String wacid, CallStatus status) {}
