package io.wacall.backend.store.directory;

import io.wacall.backend.store.Timestamps;
import io.wacall.backend.store.directory.DirectoryRules.AgentSettings;
import io.wacall.contract.call.view.AgentChannel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The agents who can be rung. */
@Repository
public class AgentRepository {
  private final JdbcClient jdbc;
  private final Clock clock;

  public AgentRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Creates or replaces an agent.
   *
   * @throws InvalidDirectoryRequestException naming every field that is wrong; nothing is written
   */
  public Agent save(String agentId, AgentUpdate update) {
    DirectoryRules.id("agentId", agentId);
    AgentSettings s = DirectoryRules.agent(update);
    return jdbc.sql("""
        INSERT INTO agents (agent_id, name, default_channel, available, updated_at)
        VALUES (:id, :name, :channel, :available, :now)
        ON CONFLICT (agent_id) DO UPDATE SET name = EXCLUDED.name, default_channel = EXCLUDED.default_channel,
            available = EXCLUDED.available, updated_at = EXCLUDED.updated_at
        RETURNING *
        """)
        .param("id", agentId)
        .param("name", s.name())
        .param("channel", s.defaultChannel().name())
        .param("available", s.available())
        .param("now", Timestamps.of(clock.instant()))
        .query(AgentRepository::row)
        .single();
  }

  /** Sets only the agent's availability (the ring group skips an unavailable agent); empty when unknown. */
  public Optional<Agent> setAvailable(String agentId, boolean available) {
    return jdbc.sql("UPDATE agents SET available = :available, updated_at = :now WHERE agent_id = :id RETURNING *")
        .param("id", agentId)
        .param("available", available)
        .param("now", Timestamps.of(clock.instant()))
        .query(AgentRepository::row)
        .optional();
  }

  public Optional<Agent> find(String agentId) {
    return jdbc.sql("SELECT * FROM agents WHERE agent_id = :id")
        .param("id", agentId)
        .query(AgentRepository::row)
        .optional();
  }

  /** A page of the agents, ordered by id. */
  public List<Agent> list(long offset, int limit) {
    return jdbc.sql("SELECT * FROM agents ORDER BY agent_id OFFSET :offset LIMIT :limit")
        .param("offset", offset)
        .param("limit", limit)
        .query(AgentRepository::row)
        .list();
  }

  public long count() {
    return jdbc.sql("SELECT count(*) FROM agents").query(Long.class).single();
  }

  public boolean exists(String agentId) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM agents WHERE agent_id = :id)")
        .param("id", agentId)
        .query(Boolean.class)
        .single();
  }

  private static Agent row(ResultSet rs, int n) throws SQLException {
    return new Agent(rs.getString("agent_id"), rs.getString("name"),
        AgentChannel.valueOf(rs.getString("default_channel")), rs.getBoolean("available"),
        Timestamps.read(rs, "updated_at"));
  }
}
