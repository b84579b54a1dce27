package io.wacall.backend.store.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.backend.store.directory.DirectoryRules.AgentSettings;
import io.wacall.contract.call.view.AgentChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The directory's rules, as docs/meta-cloud-api.md#availability and docs/api.md#directory state them. */
class DirectoryRulesTest {
  static final CallingProperties CALLING = CallingProperties.defaults();

  @ParameterizedTest(name = "{0} is a {1} number, business-initiated calls allowed: {2}")
  @CsvSource({
      "+5511955550123, BR, true",
      "+12015550123,   US, false",
      "+14165550123,   CA, false",
      "+18765550123,   JM, true",   // +1 but Jamaica: not on Meta's list
      "+201001234567,  EG, false",
      "+84912345678,   VN, false",
      "+2348031234567, NG, false",
  })
  void theDisplayNumbersCountryDecidesWhetherBusinessInitiatedCallsAreAllowed(String number, String region,
      boolean allowed) {
    PhoneNumberSettings settings = DirectoryRules.phoneNumber(update(number), CALLING);

    assertThat(settings.country()).isEqualTo(region);
    assertThat(CALLING.businessInitiatedCallingAllowed(settings.country())).isEqualTo(allowed);
  }

  @Test
  void aDisplayNumberWrittenWithSpacesAndDashesIsStoredInE164() {
    assertThat(DirectoryRules.displayNumber("+55 11 95555-0123"))
        .isEqualTo(new DirectoryRules.DisplayNumber("+5511955550123", "BR"));
    assertThat(DirectoryRules.displayNumber("+1 (201) 555-0123").e164()).isEqualTo("+12015550123");
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @CsvSource(value = {"5511955550123", "+5511", "+12345", "not a number", "''"}, nullValues = "NULL")
  void aDisplayNumberThatIsNotAValidE164NumberIsRefusedNamingTheField(String text) {
    assertThatThrownBy(() -> DirectoryRules.phoneNumber(update(text), CALLING))
        .isInstanceOfSatisfying(InvalidDirectoryRequestException.class, e ->
            assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("displayNumber"));
  }

  @Test
  void omittedSettingsTakeTheConfiguredDefaults() {
    PhoneNumberSettings settings = DirectoryRules.phoneNumber(
        new PhoneNumberUpdate("+5511955550123", null, null, null, null), CALLING);

    assertThat(settings.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(settings.wrapUp()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.callbackRequestsEnabled()).isFalse();
    assertThat(settings.dispositionTags()).containsExactly("Resolved", "Follow-up Required", "No Answer");
  }

  @Test
  void theRingTimeoutMustLieBetweenFiveSecondsAndTheTotalRingCeiling() {
    assertThat(DirectoryRules.phoneNumber(ringing(5), CALLING).ringTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(DirectoryRules.phoneNumber(ringing(45), CALLING).ringTimeout()).isEqualTo(Duration.ofSeconds(45));
    for (int refused : new int[] {4, 46, 0, -20}) {
      assertThatThrownBy(() -> DirectoryRules.phoneNumber(ringing(refused), CALLING))
          .isInstanceOfSatisfying(InvalidDirectoryRequestException.class, e -> {
            assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("ringTimeoutSeconds");
            assertThat(e.getMessage()).contains("between 5 and 45 seconds");
          });
    }
  }

  @Test
  void aLowerConfiguredCeilingLowersTheLongestRingTimeout() {
    CallingProperties strict = new CallingProperties(null, Duration.ofSeconds(15), null, Duration.ofSeconds(30), null, null);
    assertThat(DirectoryRules.phoneNumber(ringing(30), strict).ringTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> DirectoryRules.phoneNumber(ringing(31), strict))
        .hasMessageContaining("ringTimeoutSeconds: must be between 5 and 30 seconds");
  }

  @Test
  void everyWrongFieldIsReportedAtOnce() {
    PhoneNumberUpdate wrong = new PhoneNumberUpdate("+5511", 2, -1, true, List.of("Resolved", " ", "resolved"));

    assertThatThrownBy(() -> DirectoryRules.phoneNumber(wrong, CALLING))
        .isInstanceOfSatisfying(InvalidDirectoryRequestException.class, e ->
            assertThat(e.violations()).extracting(FieldViolation::field).containsExactly(
                "displayNumber", "ringTimeoutSeconds", "wrapUpSeconds", "dispositionTags[1]", "dispositionTags[2]"));
  }

  @Test
  void dispositionTagsAreTrimmedAndAnEmptyListIsRefused() {
    PhoneNumberSettings settings = DirectoryRules.phoneNumber(
        new PhoneNumberUpdate("+5511955550123", null, null, null, List.of(" Sale ", "Complaint")), CALLING);
    assertThat(settings.dispositionTags()).containsExactly("Sale", "Complaint");

    assertThatThrownBy(() -> DirectoryRules.phoneNumber(
        new PhoneNumberUpdate("+5511955550123", null, null, null, List.of()), CALLING))
        .hasMessageStartingWith("dispositionTags: must list at least one tag");
  }

  @Test
  void anAgentIsAvailableOnTheWebAppUnlessItSaysOtherwise() {
    assertThat(DirectoryRules.agent(new AgentUpdate(" Ana ", null, null)))
        .isEqualTo(new AgentSettings("Ana", AgentChannel.WEB_APP, true));
    assertThat(DirectoryRules.agent(new AgentUpdate("Bruno", "mobile_app", false)))
        .isEqualTo(new AgentSettings("Bruno", AgentChannel.MOBILE_APP, false));
  }

  @Test
  void anAgentWithoutANameOrWithAnUnknownChannelIsRefusedNamingBothFields() {
    assertThatThrownBy(() -> DirectoryRules.agent(new AgentUpdate("  ", "PHONE", true)))
        .isInstanceOfSatisfying(InvalidDirectoryRequestException.class, e -> {
          assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("name", "defaultChannel");
          assertThat(e.getMessage()).contains("[WEB_APP, MOBILE_APP]", "'PHONE'");
        });
  }

  @Test
  void aRingGroupKeepsItsOrderAndRefusesAnAgentListedTwiceNamingIt() {
    assertThat(DirectoryRules.ringGroup(List.of("a-3", "a-1", "a-2"))).containsExactly("a-3", "a-1", "a-2");

    assertThatThrownBy(() -> DirectoryRules.ringGroup(List.of("a-1", "a-2", "a-1", "a-2", "a-3")))
        .isInstanceOfSatisfying(RingGroupRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(RingGroupRefusedException.Reason.DUPLICATE_AGENTS);
          assertThat(e.agentIds()).containsExactly("a-1", "a-2");
        });
  }

  @Test
  void aRingGroupMemberThatIsNotAnIdIsRefusedByItsPosition() {
    assertThatThrownBy(() -> DirectoryRules.ringGroup(java.util.Arrays.asList("a-1", "", null, "a b")))
        .isInstanceOfSatisfying(InvalidDirectoryRequestException.class, e ->
            assertThat(e.violations()).extracting(FieldViolation::field)
                .containsExactly("members[1]", "members[2]", "members[3]"));
    assertThatThrownBy(() -> DirectoryRules.ringGroup(null)).hasMessageStartingWith("members: is required");
  }

  @Test
  void idsWithSeparatorsOrSpacesAreRefused() {
    assertThat(DirectoryRules.id("agentId", "agent.7@crm")).isEqualTo("agent.7@crm");
    for (String bad : new String[] {"a:1", "a b", "-a", "", "x".repeat(129)}) {
      assertThatThrownBy(() -> DirectoryRules.id("agentId", bad)).hasMessageStartingWith("agentId: must be");
    }
  }

  private static PhoneNumberUpdate update(String displayNumber) {
    return new PhoneNumberUpdate(displayNumber, 20, 3600, true, null);
  }

  private static PhoneNumberUpdate ringing(int seconds) {
    return new PhoneNumberUpdate("+5511955550123", seconds, null, null, null);
  }
}
