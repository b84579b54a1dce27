package io.wacall.backend.cloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@code GET /{PHONE_NUMBER_ID}/call_permissions} (docs/meta-cloud-api.md#permission-lookup):
 * whether the business may call the user now, and how much of each action's limits is used.
 *
 * @param expiresAt when a temporary grant ends; null for permanent and for no permission
 * @param actions in Meta's order; empty when Meta sent none
 */
public record CallPermissionInfo(Status status, Instant expiresAt, List<Action> actions) {
  /** The action Meta counts permission requests under (free-form and template together). */
  public static final String SEND_CALL_PERMISSION_REQUEST = "send_call_permission_request";
  /** The action Meta counts connected business-initiated calls under. */
  public static final String START_CALL = "start_call";

  public CallPermissionInfo {
    Objects.requireNonNull(status, "status");
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  public enum Status {
    NO_PERMISSION,
    TEMPORARY,
    PERMANENT;

    /** From Meta's {@code no_permission|temporary|permanent}, case-insensitively. */
    static Status fromWire(String value) {
      if (value != null) {
        for (Status status : values()) {
          if (status.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
            return status;
          }
        }
      }
      throw new IllegalArgumentException("unknown permission status '" + value + "'");
    }
  }

  /**
   * One action and its limits.
   *
   * @param actionName Meta's name, e.g. {@link #SEND_CALL_PERMISSION_REQUEST}
   */
  public record Action(String actionName, boolean canPerformAction, List<Limit> limits) {
    public Action {
      limits = limits == null ? List.of() : List.copyOf(limits);
    }

    /**
     * When the last exhausted limit of this action frees up: the latest {@code
     * limit_expiration_time} among exhausted limits, or null when none is exhausted (or Meta gave
     * no time).
     */
    public Instant nextAllowedAt() {
      return limits.stream()
          .filter(Limit::exhausted)
          .map(Limit::limitExpiresAt)
          .filter(Objects::nonNull)
          .max(Comparator.naturalOrder())
          .orElse(null);
    }
  }

  /**
   * One rolling window of an action.
   *
   * @param timePeriod the window length ({@code PT24H}, {@code P7D}); null if Meta sent a window
   *     without fixed length
   * @param limitExpiresAt when the window frees up; Meta sends it only for exhausted limits
   */
  public record Limit(Duration timePeriod, int maxAllowed, int currentUsage, Instant limitExpiresAt) {
    public boolean exhausted() {
      return currentUsage >= maxAllowed;
    }
  }

  /** True for a temporary or permanent grant. */
  public boolean hasPermission() {
    return status != Status.NO_PERMISSION;
  }

  public Optional<Action> action(String actionName) {
    return actions.stream().filter(a -> a.actionName().equals(actionName)).findFirst();
  }

  /**
   * Whether Meta would take a permission request now. When Meta lists no such action we cannot
   * know, so we say yes and let Meta answer (138009 comes back typed as THROTTLED).
   */
  public boolean canSendPermissionRequest() {
    return action(SEND_CALL_PERMISSION_REQUEST).map(Action::canPerformAction).orElse(true);
  }

  /** When a permission request is allowed again; null when no limit of that action is exhausted. */
  public Instant nextPermissionRequestAllowedAt() {
    return action(SEND_CALL_PERMISSION_REQUEST).map(Action::nextAllowedAt).orElse(null);
  }

  /** Whether a business-initiated call may start now: a grant, and {@code start_call} not capped. */
  public boolean canStartCall() {
    return hasPermission() && action(START_CALL).map(Action::canPerformAction).orElse(true);
  }

  /** When the connected-call cap frees up; null when it is not reached. */
  public Instant nextCallAllowedAt() {
    return action(START_CALL).map(Action::nextAllowedAt).orElse(null);
  }

  /**
   * Reads Meta's answer. Tolerates what the docs disagree on ({@code expiration} or {@code
   * expiration_time}; seconds as number or string) and throws IllegalArgumentException for what
   * it cannot do without (the status, a limit's counts).
   */
  static CallPermissionInfo fromGraph(JsonNode root) {
    JsonNode permission = root.path("permission");
    Status status = Status.fromWire(textOrNull(permission.get("status")));
    // Meta's parameter table says "expiration", its sample "expiration_time" (docs/meta-cloud-api.md#permission-lookup).
    JsonNode expiration = permission.hasNonNull("expiration_time")
        ? permission.get("expiration_time")
        : permission.get("expiration");
    List<Action> actions = new ArrayList<>();
    for (JsonNode action : root.path("actions")) {
      List<Limit> limits = new ArrayList<>();
      for (JsonNode limit : action.path("limits")) {
        limits.add(new Limit(
            TimePeriods.parse(textOrNull(limit.get("time_period"))),
            requiredInt(limit, "max_allowed"),
            requiredInt(limit, "current_usage"),
            epochSeconds(limit.get("limit_expiration_time"))));
      }
      actions.add(new Action(
          textOrNull(action.get("action_name")),
          action.path("can_perform_action").asBoolean(false),
          limits));
    }
    return new CallPermissionInfo(status, epochSeconds(expiration), actions);
  }

  private static int requiredInt(JsonNode node, String field) {
    JsonNode value = node.get(field);
    boolean numeric = value != null
        && (value.canConvertToInt() || value.isTextual() && value.asText().matches("\\d+"));
    if (!numeric) {
      throw new IllegalArgumentException("limit without a numeric " + field);
    }
    return value.asInt();
  }

  private static Instant epochSeconds(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return Instant.ofEpochSecond(node.longValue());
    }
    if (node.isTextual() && node.asText().trim().matches("\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(node.asText().trim()));
    }
    throw new IllegalArgumentException("not UNIX seconds: " + node);
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
