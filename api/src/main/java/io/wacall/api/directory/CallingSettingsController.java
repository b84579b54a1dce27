package io.wacall.api.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.backend.settings.CallingSettings;
import io.wacall.backend.settings.CallingSettingsRules;
import io.wacall.backend.settings.CallingSettingsStore;
import io.wacall.backend.settings.CallingSettingsStore.MetaError;
import io.wacall.backend.settings.CallingSettingsStore.Row;
import io.wacall.backend.settings.MetaCallingJson;
import io.wacall.backend.store.directory.DirectoryRules;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import io.wacall.backend.temporal.CallingSettingsWorkflows;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A business number's calling settings at Meta (docs/meta-cloud-api.md#call-settings): an operator
 * sets what is wanted, the number's CallingSettings workflow pushes it to Meta and reads Meta's view
 * back; Meta's {@code account_settings_update} webhooks update that view. {@code callbackPermissionStatus}
 * is the number's {@code callbackRequestsEnabled}: setting either changes both.
 */
@RestController
@RequestMapping("/api/v1/phone-numbers/{phoneNumberId}/calling-settings")
@Tag(name = "Business numbers")
public class CallingSettingsController {
  private final CallingSettingsStore store;
  private final PhoneNumberRepository numbers;
  private final CallingSettingsWorkflows workflows;

  public CallingSettingsController(CallingSettingsStore store, PhoneNumberRepository numbers,
      CallingSettingsWorkflows workflows) {
    this.store = store;
    this.numbers = numbers;
    this.workflows = workflows;
  }

  /**
   * Replaces the settings wanted at Meta (Meta's fields, camelCase; omitted ones are not sent, and
   * {@code callHours} is replaced as a whole) and has them pushed: 202 with the sync state PENDING.
   */
  @PutMapping
  @Operation(summary = "Set a business number's calling settings at Meta (pushed by a workflow)")
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public ResponseEntity<CallingSettingsResponse> put(@PathVariable String phoneNumberId,
      @RequestBody(required = false) CallingSettings body) {
    DirectoryRules.id("phoneNumberId", phoneNumberId);
    CallingSettings settings = CallingSettingsRules.validate(body);
    long revision = store.saveDesired(phoneNumberId, settings);
    workflows.changed(phoneNumberId, revision);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(phoneNumberId));
  }

  /** What is wanted, what Meta last showed, and where the two stand. */
  @GetMapping
  @Operation(summary = "A business number's calling settings: wanted, as Meta shows them, and the sync state")
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.PHONE_NUMBER_NOT_FOUND})
  public CallingSettingsResponse get(@PathVariable String phoneNumberId) {
    return view(phoneNumberId);
  }

  private CallingSettingsResponse view(String phoneNumberId) {
    boolean callback = numbers.find(phoneNumberId)
        .orElseThrow(() -> new UnknownPhoneNumberException(phoneNumberId)).callbackRequestsEnabled();
    Row row = store.find(phoneNumberId).orElse(null);
    CallingSettings desired = (row == null || row.desired() == null
        ? new CallingSettings(null, null, null, null) : MetaCallingJson.fromMeta(row.desired()))
        .withCallbackPermissionStatus(CallingSettings.callbackStatus(callback));
    if (row == null) {
      return new CallingSettingsResponse(phoneNumberId, desired, null, null,
          new Sync(CallingSettingsStore.SyncState.NONE.name(), 0, 0, null));
    }
    CallingSettings confirmed = row.confirmed() == null ? null : MetaCallingJson.fromMeta(row.confirmed());
    return new CallingSettingsResponse(phoneNumberId, desired, confirmed, row.confirmedAt(),
        new Sync(row.state().name(), row.desiredRevision(), row.syncedRevision(), row.lastError()));
  }

  /**
   * A number's calling settings.
   *
   * @param desired what is wanted at Meta ({@code callbackPermissionStatus}: the number's callback marker)
   * @param confirmed what Meta last showed (read back after a push, or reported by its webhook); null: never read
   * @param confirmedAt when Meta showed it
   */
  public record CallingSettingsResponse(String phoneNumberId, CallingSettings desired, CallingSettings confirmed,
      Instant confirmedAt, Sync sync) {}

  /**
   * Where the wanted settings stand with Meta.
   *
   * @param state {@code NONE} (never pushed), {@code PENDING}, {@code SYNCED}, {@code REFUSED} (see lastError)
   * @param desiredRevision raised by each change of what is wanted
   * @param syncedRevision the latest revision Meta took or refused
   * @param lastError Meta's last refusal: Graph error code, message, the revision refused, when
   */
  public record Sync(String state, long desiredRevision, long syncedRevision, MetaError lastError) {}
}
