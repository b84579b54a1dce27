package io.wacall.api.admin;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.wacall.backend.store.Keyset;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.api.webhook.StoredWebhookEvent;
import io.wacall.api.webhook.WebhookEventStatus;
import io.wacall.api.webhook.WebhookEventList;
import io.wacall.api.webhook.WebhookEventStore;
import io.wacall.api.web.Paging;
import io.wacall.api.web.Problems;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Operators' view of the webhook event store: what failed and why, and a way to re-dispatch it
 * once the cause is fixed. The dispatcher's own retry loop picks requeued events up.
 */
@RestController
@Validated
@RequestMapping("/api/v1/admin/webhook-events")
@Tag(name = "Operations")
public class WebhookAdminController {
  static final int MAX_PAGE_SIZE = 500;
  private final WebhookEventStore store;
  private final WebhookEventList events;

  public WebhookAdminController(WebhookEventStore store, WebhookEventList events) {
    this.store = store;
    this.events = events;
  }

  @GetMapping
  @Operation(summary = "Stored webhook events, newest first (e.g. ?status=FAILED)")
  @Roles({Role.OPERATOR})
  public ResponseEntity<List<StoredWebhookEvent>> list(@RequestParam(required = false) WebhookEventStatus status,
      @RequestParam(required = false) String kind,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size,
      @Parameter(description = "the cursor of the previous page's Link rel=\"next\" (instead of page)")
      @RequestParam(required = false) String cursor) {
    Paging paging = Paging.of(page, size, MAX_PAGE_SIZE, cursor);
    Keyset.Slice<StoredWebhookEvent> slice = events.page(status, kind, paging.offset(), cursor, paging.size());
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (slice.hasMore()) {
      // the body stays a bare array (as before cursors): the next page is in the Link header (RFC 8288)
      String next = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page")
          .replaceQueryParam("cursor", slice.nextCursor()).build().toUriString();
      ok.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return ok.body(slice.items());
  }

  @GetMapping("/{id}")
  @Operation(summary = "One stored event with its payload, attempts and last error")
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.EVENT_NOT_FOUND})
  public StoredWebhookEvent get(@PathVariable long id) {
    return store.findById(id)
        .orElseThrow(() -> Problems.error(HttpStatus.NOT_FOUND, "EVENT_NOT_FOUND", "no webhook event " + id));
  }

  public record Requeued(int requeued) {}

  @PostMapping("/{id}/redispatch")
  @Operation(summary = "Re-dispatch one FAILED or IGNORED event")
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.EVENT_NOT_FOUND, ProblemCode.EVENT_NOT_REDISPATCHABLE, ProblemCode.EVENT_PAYLOAD_PURGED})
  public Requeued redispatch(@PathVariable long id) {
    StoredWebhookEvent event = get(id);
    if (event.status() != WebhookEventStatus.FAILED && event.status() != WebhookEventStatus.IGNORED) {
      throw Problems.error(HttpStatus.CONFLICT, "EVENT_NOT_REDISPATCHABLE",
          "event " + id + " is " + event.status() + "; only FAILED or IGNORED events are re-dispatched");
    }
    if (event.payload() == null) {
      throw Problems.error(HttpStatus.CONFLICT, ProblemCode.EVENT_PAYLOAD_PURGED.name(), "event " + id
          + "'s payload was purged at " + event.payloadPurgedAt() + " (retention); it cannot be re-dispatched");
    }
    return new Requeued(store.requeue(List.of(id)));
  }

  @PostMapping("/redispatch")
  @Operation(summary = "Re-dispatch every FAILED event (of one kind, received since an instant)")
  @Roles({Role.OPERATOR})
  public Requeued redispatchFailed(@RequestParam(required = false) String kind,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
    return new Requeued(store.requeueFailed(kind, since));
  }
}
