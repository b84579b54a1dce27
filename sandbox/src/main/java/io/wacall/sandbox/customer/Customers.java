package io.wacall.sandbox.customer;

import io.wacall.sandbox.SandboxProperties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** Every customer the sandbox has met; anyone not yet met behaves as the properties say. */
@Component
public class Customers {
  private final ConcurrentMap<String, Customer> byWaId = new ConcurrentHashMap<>();
  private final CustomerBehaviour defaults;

  public Customers(SandboxProperties properties) {
    this.defaults = properties.customer();
  }

  public Customer get(String waId) {
    return byWaId.computeIfAbsent(waId, id -> new Customer(id, defaults));
  }

  public Customer setBehaviour(String waId, CustomerBehaviour behaviour) {
    Customer customer = get(waId);
    customer.behaviour(behaviour);
    return customer;
  }

  public CustomerBehaviour defaults() {
    return defaults;
  }

  /**
   * A wa_id is the customer's number in digits only; Meta accepts "+44 7700 900123" as input and
   * answers with the digits (the {@code contacts[].input} / {@code wa_id} pair). Null if no digit.
   */
  public static String waId(String phoneNumber) {
    if (phoneNumber == null) {
      return null;
    }
    String digits = phoneNumber.replaceAll("\\D", "");
    return digits.isEmpty() ? null : digits;
  }

  /** A wa_id from a sandbox REST path; 400 when it holds no digit. */
  public static String requireWaId(String waId) {
    String digits = waId(waId);
    if (digits == null) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "waId must be a phone number");
    }
    return digits;
  }
}
