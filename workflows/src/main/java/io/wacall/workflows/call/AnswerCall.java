package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallView;

/**
 * Argument of {@code AnswerCall}: {@code pre_accept} then {@code accept} of a user-initiated call.
 *
 * @param sdpAnswer the agent's SDP answer, sent with both steps
 * @param bizOpaque our workflow ID, sent as {@code biz_opaque_callback_data} with {@code accept}
 * @param connected the call's record once Meta accepted: saved by the activity after {@code accept}
 */
public record AnswerCall(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque, CallView connected) {}
