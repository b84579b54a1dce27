package io.wacall.workflows.call;

import io.wacall.contract.call.command.CallCapture;
import io.wacall.contract.call.view.CallView;

/**
 * Argument of {@code PlaceCall}: {@code connect} of a business-initiated call.
 *
 * @param to the customer's wa_id
 * @param sdpOffer the agent's SDP offer
 * @param bizOpaque our workflow ID, sent as {@code biz_opaque_callback_data}
 * @param placed the call's record once Meta accepted the connect; the activity saves it with Meta's
 *     wacid and status {@code RINGING}
 * @param capture the caller's choice of recording and transcription, over the number's settings;
 *     null in commands of runs from before it (the number's settings then apply)
 */
public record PlaceCall(String phoneNumberId, String to, String sdpOffer, String bizOpaque, CallView placed,
    CallCapture capture) {
  public PlaceCall(String phoneNumberId, String to, String sdpOffer, String bizOpaque, CallView placed) {
    this(phoneNumberId, to, sdpOffer, bizOpaque, placed, null);
  }
}
