package io.wacall.workflows.call.legacy;

import io.wacall.contract.call.view.CallDirection;
import java.time.Instant;

/**
 * Argument of {@code RecordCallCharge}: the call's ledger row, to be priced by the billing service
 * (user-initiated calls are free but recorded). One row per callId, whatever the retries.
 *
 * @param callId the workflow ID: the ledger key
 * @param to the customer's number (the callee of an outbound call, the caller of an inbound one):
 *     the market comes from it
 * @param connectedSeconds Meta's {@code duration}; 0 when the call never connected
 * @param connectedAt when the call connected (Meta's {@code start_time} when given), else null
 */
public record CallChargeRequest(
    String callId,
    String wacid,
    CallDirection direction,
    String phoneNumberId,
    String to,
    int connectedSeconds,
    Instant connectedAt) {}
