package io.wacall.backend.store.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.workflows.call.RingMember;
import io.wacall.workflows.call.Routing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Everything a ringing call needs about its business number, in one read. The InboundCall
 * workflow loads it once, through an activity, when the call starts: a change to the directory
 * applies to the next call. Number, ring group and agents come from a single SQL statement, so
 * the result is one consistent snapshot even while the group is being replaced.
 */
@Component
public class RoutingDirectory {
  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final CallingProperties calling;

  public RoutingDirectory(JdbcClient jdbc, ObjectMapper json, CallingProperties calling) {
    this.jdbc = jdbc;
    this.json = json;
    this.calling = calling;
  }

  /**
   * The routing of a business number: its settings, whether it may place business-initiated
   * calls, and its ring group in ring order (unavailable members included, marked).
   *
   * @throws UnknownPhoneNumberException when the number is not in the directory; an activity
   *     passes {@link UnknownPhoneNumberException#asActivityFailure()} to its workflow
   */
  public Routing routing(String phoneNumberId) {
    List<RoutingRow> rows = jdbc.sql("""
        SELECT p.phone_number_id, p.display_number, p.country, p.ring_timeout_seconds, p.wrap_up_seconds,
               p.callback_requests_enabled, p.disposition_tags,
               a.agent_id, a.name, a.default_channel, a.available
        FROM phone_numbers p
        LEFT JOIN ring_group_members m ON m.phone_number_id = p.phone_number_id
        LEFT JOIN agents a ON a.agent_id = m.agent_id
        WHERE p.phone_number_id = :id
        ORDER BY m.position
        """)
        .param("id", phoneNumberId)
        .query((rs, n) -> new RoutingRow(
            rs.getString("phone_number_id"),
            rs.getString("display_number"),
            rs.getString("country"),
            rs.getInt("ring_timeout_seconds"),
            rs.getInt("wrap_up_seconds"),
            rs.getBoolean("callback_requests_enabled"),
            rs.getString("disposition_tags"),
            rs.getString("agent_id") == null ? null : Rows.member(rs)))
        .list();
    if (rows.isEmpty()) {
      throw new UnknownPhoneNumberException(phoneNumberId);
    }
    RoutingRow number = rows.get(0);
    List<RingMember> members = new ArrayList<>();
    for (RoutingRow row : rows) {
      if (row.member() != null) {
        members.add(row.member());
      }
    }
    return new Routing(
        number.displayNumber(),
        number.country(),
        calling.businessInitiatedCallingAllowed(number.country()),
        members,
        Duration.ofSeconds(number.ringTimeoutSeconds()),
        Duration.ofSeconds(number.wrapUpSeconds()),
        number.callbackRequestsEnabled(),
        Rows.strings(json, number.dispositionTags()),
        calling.maxTotalRing());
  }

  private record RoutingRow(
      String phoneNumberId,
      String displayNumber,
      String country,
      int ringTimeoutSeconds,
      int wrapUpSeconds,
      boolean callbackRequestsEnabled,
      String dispositionTags,
      RingMember member) {}
}
