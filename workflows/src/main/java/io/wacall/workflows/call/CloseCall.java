package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.billing.ChargeRequest;

/**
 * Argument of {@code CloseCall}: everything a call leaves behind, decided by the workflow (so a
 * retry carries the same figures).
 *
 * @param call the final snapshot (with {@code wrapUpEndsAt} when a disposition may still be set)
 * @param conversation the line in the customer's conversation log; null for a call Meta never knew
 * @param charge the ledger row; null for a call Meta never knew
 * @param permission what CallPermission must learn (connected, unanswered); null when nothing
 */
public record CloseCall(CallView call, ConversationEvent conversation, ChargeRequest charge,
    PermissionNotice permission) {}
