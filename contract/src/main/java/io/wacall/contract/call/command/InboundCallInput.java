package io.wacall.contract.call.command;

import java.util.Objects;

/**
 * Argument of the InboundCall workflow, started by the webhook adapter with signal-with-start of
 * the first {@code callEvent} (connect or terminate) of a user-initiated call.
 *
 * @param maxRingMembers ring at most this many available members (null: all of them)
 */
public record InboundCallInput(String wacid, String phoneNumberId, Integer maxRingMembers) {
  public InboundCallInput {
    Objects.requireNonNull(wacid, "wacid");
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
  }
}
