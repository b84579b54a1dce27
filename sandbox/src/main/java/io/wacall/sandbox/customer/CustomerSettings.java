package io.wacall.sandbox.customer;

import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The body of {@code PUT} and {@code GET /sandbox/customers/{waId}}: a {@link CustomerBehaviour}
 * with its durations in seconds. In a PUT every field left out takes the configured default.
 */
public record CustomerSettings(
    PermissionReply permissionReply,
    CallBehaviour callBehaviour,
    @DecimalMin("0") BigDecimal answerAfterSeconds,
    @DecimalMin("0") BigDecimal talkSeconds,
    @DecimalMin("0") BigDecimal replyDelaySeconds,
    String profileName) {

  static CustomerSettings of(CustomerBehaviour behaviour) {
    return new CustomerSettings(
        behaviour.permissionReply(),
        behaviour.callBehaviour(),
        Seconds.of(behaviour.answerAfter()),
        Seconds.of(behaviour.talk()),
        Seconds.of(behaviour.replyDelay()),
        behaviour.profileName());
  }

  CustomerBehaviour toBehaviour(CustomerBehaviour defaults) {
    return new CustomerBehaviour(
        permissionReply != null ? permissionReply : defaults.permissionReply(),
        callBehaviour != null ? callBehaviour : defaults.callBehaviour(),
        orDefault(Seconds.toDuration(answerAfterSeconds), defaults.answerAfter()),
        orDefault(Seconds.toDuration(talkSeconds), defaults.talk()),
        orDefault(Seconds.toDuration(replyDelaySeconds), defaults.replyDelay()),
        profileName != null ? profileName : defaults.profileName());
  }

  private static Duration orDefault(Duration value, Duration defaultValue) {
    return value != null ? value : defaultValue;
  }
}
