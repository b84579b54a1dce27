package io.wacall.sandbox.customer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One sandbox customer (a WhatsApp user, by wa_id): how they behave, and what Meta remembers about
 * them per business number. Every state transition that concerns the customer, their permissions or
 * their calls runs under {@link #locked}, so a business terminate racing the customer's own hang-up
 * resolves one way only.
 */
public final class Customer {
  private final String waId;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Relationship> byPhoneNumberId = new HashMap<>();
  private volatile CustomerBehaviour behaviour;

  Customer(String waId, CustomerBehaviour behaviour) {
    this.waId = waId;
    this.behaviour = behaviour;
  }

  public String waId() {
    return waId;
  }

  public CustomerBehaviour behaviour() {
    return behaviour;
  }

  void behaviour(CustomerBehaviour behaviour) {
    this.behaviour = behaviour;
  }

  /** Runs {@code action} holding this customer's lock. */
  public <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code action} holding this customer's lock. */
  public void locked(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  /** The relationship with one business number; only under {@link #locked}. */
  public Relationship relationship(String phoneNumberId) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("relationship state read outside the customer's lock");
    }
    return byPhoneNumberId.computeIfAbsent(phoneNumberId, id -> new Relationship());
  }
}
