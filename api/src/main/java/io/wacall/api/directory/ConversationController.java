package io.wacall.api.directory;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Paging;
import io.wacall.api.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.backend.store.directory.ConversationLog;
import io.wacall.api.directory.DirectoryJson.ConversationEventResponse;
import io.wacall.api.directory.DirectoryJson.ConversationPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A customer's conversation log with a business number: missed calls and other call events. */
@RestController
@RequestMapping("/api/v1/conversations")
@Tag(name = "Conversations")
public class ConversationController {
  private final ConversationLog log;

  public ConversationController(ConversationLog log) {
    this.log = log;
  }

  /** Newest first; a customer with no events has an empty log, not a 404. */
  @GetMapping("/{phoneNumberId}/{waId}/events")
  @Operation(summary = "A customer's conversation log, newest first")
  @Roles({Role.SERVICE})
  @Fails({ProblemCode.INVALID_PHONE_NUMBER})
  public ConversationPage events(@PathVariable String phoneNumberId, @PathVariable("waId") String customer,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    String waId = Problems.waId("waId", customer);
    Paging paging = Paging.of(page, size, DirectoryJson.MAX_PAGE_SIZE);
    return new ConversationPage(phoneNumberId, waId,
        log.events(phoneNumberId, waId, paging.offset(), paging.size()).stream().map(ConversationEventResponse::of).toList(),
        page, size, log.count(phoneNumberId, waId));
  }
}
