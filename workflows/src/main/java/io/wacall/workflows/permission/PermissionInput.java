package io.wacall.workflows.permission;

import java.util.Objects;

/**
 * Argument of the CallPermission workflow: the pair, plus the state carried over by
 * continue-as-new (null on a fresh start).
 *
 * @param maxHistoryEvents continue-as-new once the history is longer than this (null: the default);
 *     the server's own suggestion is always honoured too. Tests set it low.
 */
public record PermissionInput(
    String phoneNumberId, String waId, PermissionData carried, Integer maxHistoryEvents) {
  public PermissionInput {
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(waId, "waId");
  }

  public static PermissionInput fresh(String phoneNumberId, String waId) {
    return new PermissionInput(phoneNumberId, waId, null, null);
  }
}
