package io.wacall.backend.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CallingSettings} as Meta's {@code calling} object (snake_case: {@code call_icon_visibility},
 * {@code call_hours.weekly_operating_hours[].open_time}, ...) and back, and the
 * {@code calling.restrictions} Meta shows in {@code GET /{PHONE_NUMBER_ID}/settings}
 * (docs/meta-cloud-api.md#call-settings). Reading is lenient: a value wacall does not know is kept
 * as it came, a field it does not read is ignored (and kept in the stored object).
 */
public final class MetaCallingJson {
  private static final ObjectMapper META = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private MetaCallingJson() {}

  /** One {@code calling.restrictions.restrictions_list[]} item: Meta's type and when it lifts. */
  public record MetaRestriction(String type, Instant expiresAt) {}

  /** Meta's {@code calling} object of these settings. */
  public static ObjectNode toMeta(CallingSettings settings) {
    return META.valueToTree(settings);
  }

  /**
   * The settings in Meta's {@code calling} object, or empty settings when it has none of their
   * fields (or they are not of the expected shapes: nothing Meta sends fails here).
   */
  public static CallingSettings fromMeta(JsonNode calling) {
    if (calling == null || !calling.isObject()) {
      return new CallingSettings(null, null, null, null);
    }
    try {
      return META.treeToValue(calling, CallingSettings.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return new CallingSettings(text(calling, "status"), text(calling, "call_icon_visibility"),
          text(calling, "callback_permission_status"), null);
    }
  }

  /** The restrictions Meta lists in {@code calling.restrictions.restrictions_list}; items without a type or expiry are left out. */
  public static List<MetaRestriction> restrictions(JsonNode calling) {
    List<MetaRestriction> restrictions = new ArrayList<>();
    JsonNode list = calling == null ? null : calling.path("restrictions").path("restrictions_list");
    if (list == null || !list.isArray()) {
      return restrictions;
    }
    for (JsonNode item : list) {
      String type = text(item, "type");
      JsonNode expiration = item.path("expiration");
      long seconds = expiration.isNumber() ? expiration.asLong()
          : expiration.isTextual() && expiration.asText().matches("\\d{1,12}") ? Long.parseLong(expiration.asText()) : -1;
      if (type != null && seconds > 0) {
        restrictions.add(new MetaRestriction(type, Instant.ofEpochSecond(seconds)));
      }
    }
    return restrictions;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }
}
