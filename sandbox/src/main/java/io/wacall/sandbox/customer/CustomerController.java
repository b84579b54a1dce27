package io.wacall.sandbox.customer;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** How a sandbox customer behaves: set it before driving our service against them. */
@RestController
@RequestMapping("/sandbox/customers/{waId}")
class CustomerController {
  private final Customers customers;

  CustomerController(Customers customers) {
    this.customers = customers;
  }

  @PutMapping
  CustomerSettings put(@PathVariable String waId, @Valid @RequestBody CustomerSettings settings) {
    CustomerBehaviour behaviour = settings.toBehaviour(customers.defaults());
    return CustomerSettings.of(
        customers.setBehaviour(Customers.requireWaId(waId), behaviour).behaviour());
  }

  @GetMapping
  CustomerSettings get(@PathVariable String waId) {
    return CustomerSettings.of(customers.get(Customers.requireWaId(waId)).behaviour());
  }
}
