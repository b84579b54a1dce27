package io.wacall.backend.store.directory;

import io.wacall.workflows.call.RingMember;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Each business number's ring group: the primary (position 0), then the backups in order. */
@Repository
public class RingGroupRepository {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public RingGroupRepository(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /**
   * Replaces the number's ring group with {@code agentIds} in ring order, atomically: a call that
   * loads its routing meanwhile sees the old group or the new one, never a mix.
   *
   * @return the new group, in ring order
   * @throws UnknownPhoneNumberException when the number is not in the directory
   * @throws RingGroupRefusedException naming agents that are unknown or listed twice
   * @throws InvalidDirectoryRequestException for a malformed member id
   */
  public List<RingMember> replace(String phoneNumberId, List<String> agentIds) {
    List<String> members = DirectoryRules.ringGroup(agentIds);
    return tx.execute(status -> {
      // Locking the number's row serialises concurrent replacements of the same group.
      boolean known = jdbc.sql("SELECT phone_number_id FROM phone_numbers WHERE phone_number_id = :id FOR UPDATE")
          .param("id", phoneNumberId)
          .query(String.class)
          .optional()
          .isPresent();
      if (!known) {
        throw new UnknownPhoneNumberException(phoneNumberId);
      }
      List<String> unknown = unknownAgents(members);
      if (!unknown.isEmpty()) {
        throw new RingGroupRefusedException(RingGroupRefusedException.Reason.UNKNOWN_AGENTS, unknown);
      }
      jdbc.sql("DELETE FROM ring_group_members WHERE phone_number_id = :id").param("id", phoneNumberId).update();
      for (int position = 0; position < members.size(); position++) {
        jdbc.sql("INSERT INTO ring_group_members (phone_number_id, position, agent_id) VALUES (:id, :position, :agent)")
            .param("id", phoneNumberId)
            .param("position", position)
            .param("agent", members.get(position))
            .update();
      }
      return members(phoneNumberId);
    });
  }

  /**
   * The number's ring group in ring order, with each agent's name, channel and availability, read
   * in one statement.
   *
   * @throws UnknownPhoneNumberException when the number is not in the directory
   */
  public List<RingMember> members(String phoneNumberId) {
    List<MemberRow> rows = jdbc.sql("""
        SELECT p.phone_number_id, a.agent_id, a.name, a.default_channel, a.available
        FROM phone_numbers p
        LEFT JOIN ring_group_members m ON m.phone_number_id = p.phone_number_id
        LEFT JOIN agents a ON a.agent_id = m.agent_id
        WHERE p.phone_number_id = :id
        ORDER BY m.position
        """)
        .param("id", phoneNumberId)
        .query(RingGroupRepository::memberRow)
        .list();
    if (rows.isEmpty()) {
      throw new UnknownPhoneNumberException(phoneNumberId);
    }
    return rows.stream().filter(r -> r.member() != null).map(MemberRow::member).toList();
  }

  /** The business numbers whose ring group holds {@code agentId}, by id: the numbers an agent answers and calls for. */
  public List<String> numbersOf(String agentId) {
    return jdbc.sql("SELECT phone_number_id FROM ring_group_members WHERE agent_id = :agent ORDER BY phone_number_id")
        .param("agent", agentId)
        .query(String.class)
        .list();
  }

  private List<String> unknownAgents(List<String> members) {
    if (members.isEmpty()) {
      return List.of();
    }
    Set<String> known = new HashSet<>(jdbc.sql("SELECT agent_id FROM agents WHERE agent_id IN (:ids) FOR SHARE")
        .param("ids", members)
        .query(String.class)
        .list());
    List<String> unknown = new ArrayList<>();
    for (String id : members) {
      if (!known.contains(id)) {
        unknown.add(id);
      }
    }
    return unknown;
  }

  private record MemberRow(RingMember member) {}

  private static MemberRow memberRow(ResultSet rs, int n) throws SQLException {
    return new MemberRow(rs.getString("agent_id") == null ? null : Rows.member(rs));
  }
}
