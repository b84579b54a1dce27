package io.wacall.sandbox.call;

/**
 * A call as the customer phone page sees it.
 *
 * @param direction {@code USER_INITIATED} (the page called) or {@code BUSINESS_INITIATED}
 * @param state {@code RINGING}, {@code PRE_ACCEPTED} or {@code CONNECTED}
 * @param businessSdp business-initiated: the business's offer; user-initiated: its answer, once pre_accept or
 *     accept came
 */
public record PhoneCall(String callId, String phoneNumberId, String direction, String state, String businessSdp) {

  /** Under the customer's lock. */
  static PhoneCall of(Call call) {
    return new PhoneCall(call.id(), call.leg.phoneNumberId(), call.leg.direction().name(), call.state.name(),
        call.businessSdp);
  }
}
