package io.wacall.sandbox.webhook;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the sandbox sent and what our adapter answered: for a person trying the embedded mode. */
@RestController
public class WebhookLogController {
  private final WebhookLog webhookLog;

  public WebhookLogController(WebhookLog webhookLog) {
    this.webhookLog = webhookLog;
  }

  /** Oldest first, newest last; {@code waId} keeps one customer's. */
  @GetMapping("/sandbox/webhooks")
  public List<WebhookLog.Entry> webhooks(@RequestParam(required = false) String waId) {
    return webhookLog.entries(waId);
  }
}
