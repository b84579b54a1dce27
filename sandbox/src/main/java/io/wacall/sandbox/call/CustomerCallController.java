package io.wacall.sandbox.call;

import io.wacall.sandbox.customer.Customers;
import io.wacall.sandbox.customer.Seconds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The customer acts on their own: calls the business, or hangs up. */
@RestController
@RequestMapping("/sandbox/customers/{waId}/calls")
class CustomerCallController {
  /**
   * @param phoneNumberId the business number called
   * @param talkSeconds how long the customer talks once accepted; default: their behaviour's
   * @param leaveVoicemail the customer leaves a voicemail if the business rejects or lets the call ring out
   */
  record UserCallRequest(@NotBlank String phoneNumberId, @DecimalMin("0") BigDecimal talkSeconds,
      Boolean leaveVoicemail) {}

  record UserCallResponse(String callId) {}

  private final Calls calls;
  private final Customers customers;

  CustomerCallController(Calls calls, Customers customers) {
    this.calls = calls;
    this.customers = customers;
  }

  @PostMapping
  ResponseEntity<UserCallResponse> call(
      @PathVariable String waId, @Valid @RequestBody UserCallRequest request) {
    String customer = Customers.requireWaId(waId);
    Duration talk = Seconds.toDuration(request.talkSeconds());
    if (talk == null) {
      talk = customers.get(customer).behaviour().talk();
    }
    String callId = calls.startUserCall(customer, request.phoneNumberId(), talk, null,
        Boolean.TRUE.equals(request.leaveVoicemail()));
    return ResponseEntity.ok(new UserCallResponse(callId));
  }

  @PostMapping("/{callId}/hangup")
  ResponseEntity<Void> hangUp(@PathVariable String waId, @PathVariable String callId) {
    if (!calls.hangUp(Customers.requireWaId(waId), callId)) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND, "no call " + callId + " of this customer is in progress");
    }
    return ResponseEntity.noContent().build();
  }
}
