package io.wacall.api.webhook;

/**
 * An item of a webhook's {@code errors[]}: {@code {code, title, message, error_data.details, href}}.
 * Codes are listed in docs/meta-cloud-api.md#error-codes.
 */
public record WebhookError(Integer code, String title, String message, String details, String href) {

  /** One line for logs, audit trails and signal arguments. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    if (code != null) {
      s.append(code);
    }
    String text = message != null ? message : title;
    if (text != null) {
      s.append(s.isEmpty() ? "" : " ").append(text);
    }
    if (details != null && !details.equals(text)) {
      s.append(s.isEmpty() ? "" : ": ").append(details);
    }
    return s.toString();
  }
}
