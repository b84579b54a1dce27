package io.wacall.api.directory;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.backend.settings.CallingSettingsStore;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.wacall.backend.store.directory.PhoneNumber;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.backend.store.directory.PhoneNumberUpdate;
import io.wacall.backend.store.directory.RingGroupRepository;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import io.wacall.backend.temporal.CallingSettingsWorkflows;
import io.wacall.api.directory.DirectoryJson.Page;
import io.wacall.api.directory.DirectoryJson.PhoneNumberBody;
import io.wacall.api.directory.DirectoryJson.PhoneNumberResponse;
import io.wacall.api.directory.DirectoryJson.RingGroupBody;
import io.wacall.api.directory.DirectoryJson.RingGroupResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Business numbers, their calling settings and ring groups. A change applies to the next call:
 * a call already ringing keeps the routing it loaded when it started.
 */
@RestController
@RequestMapping("/api/v1/phone-numbers")
@Tag(name = "Business numbers")
public class PhoneNumberController {
  private final PhoneNumberRepository numbers;
  private final RingGroupRepository ringGroups;
  private final CallingRestrictions restrictions;
  private final CallingSettingsStore callingSettings;
  private final CallingSettingsWorkflows callingSettingsWorkflows;
  private final Clock clock;

  public PhoneNumberController(PhoneNumberRepository numbers, RingGroupRepository ringGroups,
      CallingRestrictions restrictions, CallingSettingsStore callingSettings,
      CallingSettingsWorkflows callingSettingsWorkflows, Clock clock) {
    this.numbers = numbers;
    this.ringGroups = ringGroups;
    this.restrictions = restrictions;
    this.callingSettings = callingSettings;
    this.callingSettingsWorkflows = callingSettingsWorkflows;
    this.clock = clock;
  }

  /**
   * Creates or replaces a number's settings; omitted fields take the configured defaults. A change
   * of {@code callbackRequestsEnabled} (or a new number with it on) is pushed to Meta as its
   * {@code callback_permission_status} (see {@link CallingSettingsController}).
   */
  @PutMapping("/{phoneNumberId}")
  @Operation(summary = "Create or replace a business number's calling settings")
  @Roles({Role.OPERATOR})
  public PhoneNumberResponse put(@PathVariable String phoneNumberId, @RequestBody PhoneNumberBody body) {
    boolean callbackBefore = numbers.find(phoneNumberId).map(PhoneNumber::callbackRequestsEnabled).orElse(false);
    PhoneNumber saved = numbers.save(phoneNumberId, new PhoneNumberUpdate(body.displayNumber(),
        body.ringTimeoutSeconds(), body.wrapUpSeconds(), body.callbackRequestsEnabled(), body.dispositionTags(),
        body.limits()));
    if (saved.callbackRequestsEnabled() != callbackBefore) {
      callingSettingsWorkflows.changed(phoneNumberId, callingSettings.callbackChanged(phoneNumberId));
    }
    return PhoneNumberResponse.of(saved);
  }

  @GetMapping("/{phoneNumberId}")
  @Operation(summary = "A business number's calling settings")
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public PhoneNumberResponse get(@PathVariable String phoneNumberId) {
    return numbers.find(phoneNumberId).map(PhoneNumberResponse::of)
        .orElseThrow(() -> new UnknownPhoneNumberException(phoneNumberId));
  }

  @GetMapping
  @Operation(summary = "List the business numbers, by id")
  @Roles({Role.SERVICE, Role.OPERATOR})
  public Page<PhoneNumberResponse> list(@RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Paging paging = Paging.of(page, size, DirectoryJson.MAX_PAGE_SIZE);
    return new Page<>(numbers.list(paging.offset(), paging.size()).stream().map(PhoneNumberResponse::of).toList(),
        page, size, numbers.count());
  }

  /**
   * Meta's calling restrictions of the number in force now (from its {@code account_update}
   * webhooks): what is restricted and until when. Empty when none; each lifts itself at its expiry.
   */
  @GetMapping("/{phoneNumberId}/restrictions")
  @Operation(summary = "Meta's calling restrictions of a business number in force now (quality restrictions)")
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public RestrictionsResponse restrictions(@PathVariable String phoneNumberId) {
    numbers.find(phoneNumberId).orElseThrow(() -> new UnknownPhoneNumberException(phoneNumberId));
    return new RestrictionsResponse(phoneNumberId, restrictions.inForce(phoneNumberId, clock.instant()).stream()
        .map(r -> new RestrictionResponse(r.kind().name(), r.metaType(), r.expiresAt(), r.receivedAt())).toList());
  }

  /** A number's restrictions in force. */
  public record RestrictionsResponse(String phoneNumberId, List<RestrictionResponse> restrictions) {}

  /**
   * One restriction: {@code kind} BUSINESS_INITIATED (no outbound calls nor permission requests),
   * USER_INITIATED or CALL_BUTTON_HIDDEN; Meta's name for it; when it lifts; when wacall learnt it.
   */
  public record RestrictionResponse(String kind, String metaType, Instant expiresAt, Instant receivedAt) {}

  /** Replaces the ring group: agent ids in ring order, the first is the primary. */
  @PutMapping("/{phoneNumberId}/ring-group")
  @Operation(summary = "Replace a business number's ring group (ring order; the first is the primary)")
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public RingGroupResponse putRingGroup(@PathVariable String phoneNumberId, @RequestBody RingGroupBody body) {
    return RingGroupResponse.of(phoneNumberId, ringGroups.replace(phoneNumberId, body.members()));
  }

  @GetMapping("/{phoneNumberId}/ring-group")
  @Operation(summary = "A business number's ring group, in ring order")
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public RingGroupResponse getRingGroup(@PathVariable String phoneNumberId) {
    return RingGroupResponse.of(phoneNumberId, ringGroups.members(phoneNumberId));
  }
}
