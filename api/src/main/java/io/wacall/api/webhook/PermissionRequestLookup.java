package io.wacall.api.webhook;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tells the statuses of our permission request messages apart from those of the CRM's ordinary
 * messages: both arrive on the {@code messages} field with nothing but a wamid and a recipient.
 * Reads {@code permission_requests}, which is written after each request is sent.
 */
@Repository
public class PermissionRequestLookup {
  private final JdbcClient jdbc;

  public PermissionRequestLookup(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<PermissionRequestRef> findByMessageId(String messageId) {
    return jdbc.sql("SELECT message_id, phone_number_id, wa_id FROM permission_requests WHERE message_id = :id")
        .param("id", messageId)
        .query((rs, n) -> new PermissionRequestRef(rs.getString(1), rs.getString(2), rs.getString(3)))
        .optional();
  }
}
