package io.wacall.sandbox.settings;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Plays Meta restricting a business number's calling (docs/meta-cloud-api.md#quality-restrictions):
 * {@code POST /sandbox/numbers/{phoneNumberId}/restrictions} with {@code {"type": ..., "days": 7}}
 * sends Meta's {@code account_update} webhook and shows the restriction in GET settings until it lifts.
 */
@RestController
@RequestMapping("/sandbox/numbers/{phoneNumberId}/restrictions")
class NumberRestrictionController {
  static final Set<String> TYPES = Set.of("RESTRICTED_BUSINESS_INITIATED_CALLING", "RESTRICTED_USER_INITIATED_CALLING",
      "RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN");

  private final CallingSettingsBook settings;

  NumberRestrictionController(CallingSettingsBook settings) {
    this.settings = settings;
  }

  /** {@code type}: one of Meta's calling restriction types; {@code days}: 1-30 (Meta pauses for 7). */
  record RestrictionBody(String type, Integer days) {}

  record Restricted(String phoneNumberId, String type, Instant expiresAt) {}

  @PostMapping
  Restricted restrict(@PathVariable String phoneNumberId, @RequestBody RestrictionBody body) {
    if (body == null || !TYPES.contains(body.type())) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "type must be one of " + TYPES);
    }
    int days = body.days() == null ? 7 : body.days();
    if (days < 1 || days > 30) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days must be 1-30");
    }
    return new Restricted(phoneNumberId, body.type(), settings.restrict(phoneNumberId, body.type(), Duration.ofDays(days)));
  }
}
