package io.wacall.workflows.billing;

import io.wacall.contract.call.view.CallDirection;
import java.time.Instant;

/**
 * What the call workflows know when a call has ended: enough to price it and write its one ledger
 * row. JSON (Temporal's Jackson converter): camelCase fields, {@code connectedAt} as an ISO-8601
 * string, {@code direction} by its enum name.
 *
 * @param callId the call's ID, the call workflow's ID ({@code inbound-call:{wacid}} or
 *     {@code outbound-call:{requestId}}) as the API shows it; the ledger's unique key
 * @param direction who placed the call
 * @param phoneNumberId the business phone number id the call was on
 * @param customerNumber the customer's WhatsApp number in international form, with or without the
 *     leading '+' (a wa_id works): the callee of a business-initiated call, the caller of a
 *     user-initiated one. Decides the market. Not stored in the ledger, only its region.
 * @param connectedAt when the call connected: picks the rate card and the volume month
 * @param connectedSeconds Meta's {@code duration} for the call: connected time only (0 if it never
 *     connected)
 */
public record ChargeRequest(
    String callId,
    CallDirection direction,
    String phoneNumberId,
    String customerNumber,
    Instant connectedAt,
    long connectedSeconds) {}
