package io.wacall.contract.permission.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Argument of the CallPermission workflow: the pair, plus the state carried over by
 * continue-as-new.
 *
 * @param carried the workflow's own state, handed from one run to the next by continue-as-new: its
 *     shape is the workflow's business, not part of the contract; another service starting the
 *     workflow passes null (see {@link #fresh})
 * @param maxHistoryEvents continue-as-new once the history is longer than this (null: the default);
 *     the server's own suggestion is always honoured too. Tests set it low.
 */
public record PermissionInput(
    String phoneNumberId, String waId, JsonNode carried, Integer maxHistoryEvents) {
  public PermissionInput {
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(waId, "waId");
    carried = carried == null || carried.isNull() || carried.isMissingNode() ? null : carried; // JSON null is no state
  }

  public static PermissionInput fresh(String phoneNumberId, String waId) {
    return new PermissionInput(phoneNumberId, waId, null, null);
  }
}
