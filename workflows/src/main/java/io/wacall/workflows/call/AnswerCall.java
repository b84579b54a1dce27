package io.wacall.workflows.call;

import io.wacall.contract.call.command.CallCapture;
import io.wacall.contract.call.view.CallView;

/**
 * Argument of {@code AnswerCall}: {@code pre_accept} then {@code accept} of a user-initiated call.
 *
 * @param sdpAnswer the agent's SDP answer, sent with both steps
 * @param bizOpaque our workflow ID, sent as {@code biz_opaque_callback_data} with {@code accept}
 * @param connected the call's record once Meta accepted: saved by the activity after {@code accept}
 * @param capture the agent's choice of recording and transcription, over the number's settings; null
 *     in commands of runs from before it (the number's settings then apply)
 */
public record AnswerCall(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque, CallView connected,
    CallCapture capture) {
  public AnswerCall(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque, CallView connected) {
    this(phoneNumberId, wacid, sdpAnswer, bizOpaque, connected, null);
  }
}
