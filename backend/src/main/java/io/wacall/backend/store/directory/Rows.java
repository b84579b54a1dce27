package io.wacall.backend.store.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.workflows.call.RingMember;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Column conversions shared by the directory's repositories. */
final class Rows {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private Rows() {}



  /** A ring-group member from the columns agent_id, name, default_channel, available. */
  static RingMember member(ResultSet rs) throws SQLException {
    return new RingMember(rs.getString("agent_id"), rs.getString("name"),
        AgentChannel.valueOf(rs.getString("default_channel")), rs.getBoolean("available"));
  }

  static String json(ObjectMapper json, Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not representable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  static List<String> strings(ObjectMapper json, String text) {
    try {
      return List.copyOf(json.readValue(text, STRINGS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON array in the directory: " + text, e);
    }
  }

  static Map<String, Object> object(ObjectMapper json, String text) {
    try {
      return json.readValue(text, OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON object in the conversation log: " + text, e);
    }
  }
}
