package io.wacall.sandbox.phone;

import io.wacall.sandbox.call.Calls;
import io.wacall.sandbox.call.PhoneCall;
import io.wacall.sandbox.customer.CallBehaviour;
import io.wacall.sandbox.customer.CustomerBehaviour;
import io.wacall.sandbox.customer.Customers;
import io.wacall.sandbox.customer.PermissionReply;
import io.wacall.sandbox.permission.PermissionRequests;
import io.wacall.sandbox.permission.PermissionRequests.PendingRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The customer phone page ({@code /sandbox/phone/{waId}}) and what it does as the customer: call a
 * business number with the browser's own SDP offer, answer a business call with its own SDP answer,
 * accept or decline permission requests by hand, hang up. The sandbox carries the SDP between the
 * page and wacall's Cloud API requests and webhooks as Meta's media edge would: the connect webhook
 * carries the page's offer, pre_accept/accept bring the agent's answer back (business calls: the
 * other way round). While the page is open the customer answers nothing by themselves.
 */
@RestController
class PhoneController {
  /** The largest SDP the page may send: a browser's is a few KiB. */
  static final int SDP_MAX = 65_536;

  private final Calls calls;
  private final PermissionRequests permissions;
  private final Customers customers;

  PhoneController(Calls calls, PermissionRequests permissions, Customers customers) {
    this.calls = calls;
    this.permissions = permissions;
    this.customers = customers;
  }

  record PlaceCall(@NotBlank @Size(max = 128) String phoneNumberId, @NotBlank @Size(max = SDP_MAX) String sdpOffer) {}

  record Answer(@NotBlank @Size(max = SDP_MAX) String sdpAnswer) {}

  record Reply(@NotNull Boolean accept) {}

  record Placed(String callId) {}

  /** What the page shows: the customer's calls in progress and the permission requests waiting for an answer. */
  record PhoneState(String waId, List<PhoneCall> calls, List<PendingRequest> permissionRequests) {}

  @GetMapping(path = "/sandbox/phone/{waId}", produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<Resource> page(@PathVariable String waId) {
    Customers.requireWaId(waId);
    return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(new ClassPathResource("sandbox-phone/phone.html"));
  }

  /** The page opened: from now on this customer answers calls and permission requests only by hand. */
  @PostMapping("/sandbox/phones/{waId}/open")
  PhoneState open(@PathVariable String waId) {
    String customer = Customers.requireWaId(waId);
    CustomerBehaviour now = customers.get(customer).behaviour();
    customers.setBehaviour(customer, new CustomerBehaviour(PermissionReply.IGNORE, CallBehaviour.IGNORE,
        now.answerAfter(), now.talk(), now.replyDelay(), now.profileName()));
    return state(customer);
  }

  @GetMapping("/sandbox/phones/{waId}")
  PhoneState state(@PathVariable String waId) {
    String customer = Customers.requireWaId(waId);
    return new PhoneState(customer, calls.callsOf(customer), permissions.pending(customer));
  }

  /** The customer calls the business: wacall gets a connect webhook with this offer, and talks until someone hangs up. */
  @PostMapping("/sandbox/phones/{waId}/calls")
  Placed call(@PathVariable String waId, @Valid @RequestBody PlaceCall body) {
    return new Placed(calls.startUserCall(Customers.requireWaId(waId), body.phoneNumberId(), null, body.sdpOffer()));
  }

  @PostMapping("/sandbox/phones/{waId}/calls/{callId}/answer")
  ResponseEntity<Void> answer(@PathVariable String waId, @PathVariable String callId, @Valid @RequestBody Answer body) {
    if (!calls.answerOnPhone(Customers.requireWaId(waId), callId, body.sdpAnswer())) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "no business call " + callId + " rings on this phone");
    }
    return ResponseEntity.noContent().build();
  }

  /** Hang up a call, or decline a business call that rings. */
  @PostMapping("/sandbox/phones/{waId}/calls/{callId}/hangup")
  ResponseEntity<Void> hangUp(@PathVariable String waId, @PathVariable String callId) {
    if (!calls.hangUp(Customers.requireWaId(waId), callId)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no call " + callId + " of this customer is in progress");
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/sandbox/phones/{waId}/permission-requests/{requestId}")
  ResponseEntity<Void> reply(@PathVariable String waId, @PathVariable String requestId, @Valid @RequestBody Reply body) {
    if (!permissions.answer(Customers.requireWaId(waId), requestId, body.accept())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no unanswered permission request " + requestId);
    }
    return ResponseEntity.noContent().build();
  }
}
