package io.wacall.backend.store.directory;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.permission.command.PermissionLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The directory's rules: what a business number, an agent and a ring group may be. No framework,
 * no I/O; every refusal names the JSON field it is about, and all of a request's problems are
 * reported at once.
 */
public final class DirectoryRules {
  /** Ids are Meta's phone number ids and the CRM's agent ids: short, printable, no separators. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
  /** A wrap-up keeps the call's workflow open; a day is far beyond any real wrap-up. */
  public static final Duration MAX_WRAP_UP = Duration.ofDays(1);
  public static final int MAX_DISPOSITION_TAGS = 20;
  public static final int MAX_TAG_LENGTH = 64;
  public static final int MAX_NAME_LENGTH = 200;
  /**
   * More members than could ever ring: with the shortest ring timeout the total ring ceiling is
   * reached long before; the bound only keeps a request from being absurd.
   */
  public static final int MAX_RING_GROUP_MEMBERS = 50;

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private DirectoryRules() {}

  /** A display number in E.164 form and its region. */
  public record DisplayNumber(String e164, String region) {}

  /**
   * Parses an E.164 number (spaces, dashes and brackets are tolerated) and derives its region.
   * The leading {@code +} is required: without it the country, and so the calling rules, would be
   * a guess.
   */
  public static DisplayNumber displayNumber(String text) {
    List<FieldViolation> violations = new ArrayList<>();
    DisplayNumber number = displayNumber(text, violations);
    if (number == null) {
      throw new InvalidDirectoryRequestException(violations);
    }
    return number;
  }

  /** Validates a business number's settings, filling in the configured defaults. */
  public static PhoneNumberSettings phoneNumber(PhoneNumberUpdate update, CallingProperties calling) {
    List<FieldViolation> violations = new ArrayList<>();
    DisplayNumber number = displayNumber(update.displayNumber(), violations);

    Duration ringTimeout = update.ringTimeoutSeconds() == null
        ? calling.defaultRingTimeout() : Duration.ofSeconds(update.ringTimeoutSeconds());
    if (ringTimeout.compareTo(calling.minRingTimeout()) < 0 || ringTimeout.compareTo(calling.maxTotalRing()) > 0) {
      violations.add(new FieldViolation("ringTimeoutSeconds", "must be between " + calling.minRingTimeout().toSeconds()
          + " and " + calling.maxTotalRing().toSeconds() + " seconds (Meta gives a caller about 30-60 s before the call"
          + " counts as not answered; got " + update.ringTimeoutSeconds() + ")"));
    }

    Duration wrapUp = update.wrapUpSeconds() == null
        ? calling.defaultWrapUp() : Duration.ofSeconds(update.wrapUpSeconds());
    if (wrapUp.isNegative() || wrapUp.compareTo(MAX_WRAP_UP) > 0) {
      violations.add(new FieldViolation("wrapUpSeconds",
          "must be between 0 and " + MAX_WRAP_UP.toSeconds() + " seconds (got " + update.wrapUpSeconds() + ")"));
    }

    List<String> tags = update.dispositionTags() == null
        ? calling.defaultDispositionTags() : dispositionTags(update.dispositionTags(), violations);

    PermissionLimits limits = PermissionLimits.STANDARD;
    if (update.limits() != null) {
      try {
        limits = PermissionLimits.valueOf(update.limits().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        violations.add(new FieldViolation("limits", "must be one of " + Arrays.toString(PermissionLimits.values())
            + " (got " + quoted(update.limits()) + ")"));
      }
    }

    if (!violations.isEmpty()) {
      throw new InvalidDirectoryRequestException(violations);
    }
    return new PhoneNumberSettings(number.e164(), number.region(), ringTimeout, wrapUp,
        Boolean.TRUE.equals(update.callbackRequestsEnabled()), tags, limits);
  }

  /** An agent's validated name, channel and availability. */
  public record AgentSettings(String name, AgentChannel defaultChannel, boolean available) {}

  public static AgentSettings agent(AgentUpdate update) {
    List<FieldViolation> violations = new ArrayList<>();
    String name = update.name() == null ? "" : update.name().strip();
    if (name.isEmpty()) {
      violations.add(new FieldViolation("name", "is required"));
    } else if (name.length() > MAX_NAME_LENGTH) {
      violations.add(new FieldViolation("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
    }
    AgentChannel channel = AgentChannel.WEB_APP;
    if (update.defaultChannel() != null) {
      try {
        channel = AgentChannel.valueOf(update.defaultChannel().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        violations.add(new FieldViolation("defaultChannel", "must be one of " + Arrays.toString(AgentChannel.values())
            + " (got '" + update.defaultChannel() + "')"));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidDirectoryRequestException(violations);
    }
    return new AgentSettings(name, channel, update.available() == null || update.available());
  }

  /**
   * A ring group's members in ring order. Blank or malformed ids are field violations
   * ({@code members[i]}); an agent named twice refuses the whole group, naming the agents.
   */
  public static List<String> ringGroup(List<String> members) {
    if (members == null) {
      throw new InvalidDirectoryRequestException("members", "is required (an empty list empties the ring group)");
    }
    List<FieldViolation> violations = new ArrayList<>();
    if (members.size() > MAX_RING_GROUP_MEMBERS) {
      violations.add(new FieldViolation("members", "must have at most " + MAX_RING_GROUP_MEMBERS + " agents"));
    }
    for (int i = 0; i < members.size(); i++) {
      String id = members.get(i);
      if (id == null || !ID.matcher(id).matches()) {
        violations.add(new FieldViolation("members[" + i + "]", "is not an agent id (got " + quoted(id) + ")"));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidDirectoryRequestException(violations);
    }
    Set<String> seen = new HashSet<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (String id : members) {
      if (!seen.add(id)) {
        duplicates.add(id);
      }
    }
    if (!duplicates.isEmpty()) {
      throw new RingGroupRefusedException(RingGroupRefusedException.Reason.DUPLICATE_AGENTS, List.copyOf(duplicates));
    }
    return List.copyOf(members);
  }

  /** Refuses an id that could not be a Meta phone number id or a CRM agent id. */
  public static String id(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new InvalidDirectoryRequestException(field, "must be 1-128 letters, digits or . _ @ -, starting with a"
          + " letter or digit (got " + quoted(value) + ")");
    }
    return value;
  }

  private static DisplayNumber displayNumber(String text, List<FieldViolation> violations) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.isEmpty()) {
      violations.add(new FieldViolation("displayNumber", "is required, in E.164 form such as +5511955550123"));
      return null;
    }
    if (!trimmed.startsWith("+")) {
      violations.add(new FieldViolation("displayNumber",
          "must be in E.164 form, + and the country code first, such as +5511955550123 (got " + quoted(text) + ")"));
      return null;
    }
    try {
      // "ZZ": no default region, so only the number's own country code decides.
      Phonenumber.PhoneNumber parsed = PHONES.parse(trimmed, "ZZ");
      if (!PHONES.isValidNumber(parsed)) {
        violations.add(new FieldViolation("displayNumber", "is not a valid phone number (got " + quoted(text) + ")"));
        return null;
      }
      return new DisplayNumber(PHONES.format(parsed, PhoneNumberFormat.E164), PHONES.getRegionCodeForNumber(parsed));
    } catch (NumberParseException e) {
      violations.add(new FieldViolation("displayNumber", "is not a phone number (got " + quoted(text) + ")"));
      return null;
    }
  }

  private static List<String> dispositionTags(List<String> given, List<FieldViolation> violations) {
    if (given.isEmpty()) {
      violations.add(new FieldViolation("dispositionTags", "must list at least one tag (omit it for the defaults)"));
      return List.of();
    }
    if (given.size() > MAX_DISPOSITION_TAGS) {
      violations.add(new FieldViolation("dispositionTags", "must have at most " + MAX_DISPOSITION_TAGS + " tags"));
    }
    List<String> tags = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String tag = given.get(i) == null ? "" : given.get(i).strip();
      String field = "dispositionTags[" + i + "]";
      if (tag.isEmpty()) {
        violations.add(new FieldViolation(field, "must not be blank"));
      } else if (tag.length() > MAX_TAG_LENGTH) {
        violations.add(new FieldViolation(field, "must be at most " + MAX_TAG_LENGTH + " characters"));
      } else if (!seen.add(tag.toLowerCase(Locale.ROOT))) {
        violations.add(new FieldViolation(field, "repeats the tag '" + tag + "'"));
      } else {
        tags.add(tag);
      }
    }
    return List.copyOf(tags);
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
