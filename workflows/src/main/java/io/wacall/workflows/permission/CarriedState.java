package io.wacall.workflows.permission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * {@link PermissionData} as the JSON that continue-as-new carries in
 * {@code PermissionInput.carried}. The contract leaves that field untyped (its shape is this
 * workflow's own business), so the state is read and written with the SDK's own default mapper:
 * the same JSON, field for field, that the SDK wrote when the field was typed, so runs carried
 * over before and after read alike. A pure conversion: no I/O, no clock.
 */
final class CarriedState {
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private CarriedState() {}

  /** The carried state, or null on a fresh start ({@code PermissionInput} turns a JSON null into null). */
  static PermissionData read(JsonNode carried) {
    if (carried == null) {
      return null;
    }
    try {
      return JSON.treeToValue(carried, PermissionData.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the carried permission state is not a PermissionData: " + e.getOriginalMessage(), e);
    }
  }

  static JsonNode write(PermissionData data) {
    return JSON.valueToTree(data);
  }
}
