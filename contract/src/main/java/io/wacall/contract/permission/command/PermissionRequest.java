package io.wacall.contract.permission.command;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Argument of the {@code requestPermission} update. Either a free-form body text (sent inside the
 * 24 h customer service window), or a template name and language (outside it); both may be empty
 * for a free-form request with WhatsApp's default text.
 *
 * @param bodyText optional text shown above the permission prompt
 * @param templateName optional approved template with a call_permission_request component
 * @param templateLanguage the template's language code, e.g. {@code en_US}; required with a template
 * @param requestedBy who asked (an agent or service id), kept in the audit trail
 * @param limits the business number's limits (null: {@link PermissionLimits#STANDARD}); the pair's
 *     workflow applies them from this request on
 */
public record PermissionRequest(
    String bodyText, String templateName, String templateLanguage, String requestedBy, PermissionLimits limits) {

  @JsonCreator
  public PermissionRequest {
    if (templateName != null && !templateName.isBlank()
        && (templateLanguage == null || templateLanguage.isBlank())) {
      throw new IllegalArgumentException("templateLanguage is required with templateName");
    }
  }

  /** A request under the number's standard limits. */
  public PermissionRequest(String bodyText, String templateName, String templateLanguage, String requestedBy) {
    this(bodyText, templateName, templateLanguage, requestedBy, null);
  }

  public boolean usesTemplate() {
    return templateName != null && !templateName.isBlank();
  }
}
