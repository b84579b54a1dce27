package io.wacall.contract.permission.command;

/**
 * Argument of the {@code requestPermission} update. Either a free-form body text (sent inside the
 * 24 h customer service window), or a template name and language (outside it); both may be empty
 * for a free-form request with WhatsApp's default text.
 *
 * @param bodyText optional text shown above the permission prompt
 * @param templateName optional approved template with a call_permission_request component
 * @param templateLanguage the template's language code, e.g. {@code en_US}; required with a template
 * @param requestedBy who asked (an agent or service id), kept in the audit trail
 */
public record PermissionRequest(
    String bodyText, String templateName, String templateLanguage, String requestedBy) {

  public PermissionRequest {
    if (templateName != null && !templateName.isBlank()
        && (templateLanguage == null || templateLanguage.isBlank())) {
      throw new IllegalArgumentException("templateLanguage is required with templateName");
    }
  }

  public boolean usesTemplate() {
    return templateName != null && !templateName.isBlank();
  }
}
