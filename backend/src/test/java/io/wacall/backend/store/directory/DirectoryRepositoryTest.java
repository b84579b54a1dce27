package io.wacall.backend.store.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import io.wacall.testsupport.TestDatabase;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.workflows.call.RingMember;
import io.wacall.workflows.call.Routing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Business numbers, agents, ring groups and the routing read, on a real PostgreSQL. */
class DirectoryRepositoryTest {
  static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
  static final String BR = "106540352242922";
  static final String US = "106540352242933";
  static final ObjectMapper JSON = new ObjectMapper();

  DataSource db;
  JdbcClient jdbc;
  PhoneNumberRepository numbers;
  AgentRepository agents;
  RingGroupRepository ringGroups;
  RoutingDirectory routing;

  @BeforeEach
  void setUp() {
    db = TestDatabase.newDatabase();
    jdbc = JdbcClient.create(db);
    wire(CallingProperties.defaults(), Clock.fixed(T, ZoneOffset.UTC));
  }

  void wire(CallingProperties calling, Clock clock) {
    numbers = new PhoneNumberRepository(jdbc, JSON, calling, clock);
    agents = new AgentRepository(jdbc, clock);
    ringGroups = new RingGroupRepository(jdbc, new TransactionTemplate(new JdbcTransactionManager(db)));
    routing = new RoutingDirectory(jdbc, JSON, calling);
  }

  @Test
  void aNumberIsStoredInE164WithItsDerivedCountryAndReadBack() {
    PhoneNumber saved = numbers.save(BR, new PhoneNumberUpdate("+55 11 95555-0123", 25, 600, true, List.of("Sale", "Complaint")));

    assertThat(saved).isEqualTo(new PhoneNumber(BR, "+5511955550123", "BR", true, Duration.ofSeconds(25),
        Duration.ofMinutes(10), true, List.of("Sale", "Complaint"), T));
    assertThat(numbers.find(BR)).contains(saved);
    assertThat(numbers.find("999")).isEmpty();
  }

  @Test
  void savingANumberAgainReplacesEverySetting() {
    numbers.save(BR, new PhoneNumberUpdate("+5511955550123", 25, 600, true, List.of("Sale")));
    wire(CallingProperties.defaults(), Clock.fixed(T.plusSeconds(60), ZoneOffset.UTC));

    PhoneNumber replaced = numbers.save(BR, new PhoneNumberUpdate("+12015550123", null, null, null, null));

    assertThat(replaced.country()).isEqualTo("US");
    assertThat(replaced.businessInitiatedCallingAllowed()).isFalse();
    assertThat(replaced.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(replaced.callbackRequestsEnabled()).isFalse();
    assertThat(replaced.dispositionTags()).containsExactly("Resolved", "Follow-up Required", "No Answer");
    assertThat(replaced.updatedAt()).isEqualTo(T.plusSeconds(60));
    assertThat(numbers.count()).isEqualTo(1);
  }

  @Test
  void whetherANumberMayCallOutIsDerivedWhenReadSoAChangedListAppliesAtOnce() {
    numbers.save(BR, new PhoneNumberUpdate("+5511955550123", null, null, null, null));
    assertThat(numbers.find(BR).orElseThrow().businessInitiatedCallingAllowed()).isTrue();

    wire(new CallingProperties(List.of("US", "BR"), null, null, null, null, null), Clock.fixed(T, ZoneOffset.UTC));

    assertThat(numbers.find(BR).orElseThrow().businessInitiatedCallingAllowed()).isFalse();
    assertThat(routing.routing(BR).businessInitiatedCallingAllowed()).isFalse();
  }

  @Test
  void anInvalidNumberWritesNothing() {
    assertThatThrownBy(() -> numbers.save(BR, new PhoneNumberUpdate("+5511", 20, 60, false, null)))
        .isInstanceOf(InvalidDirectoryRequestException.class);
    assertThat(numbers.count()).isZero();
  }

  @Test
  void numbersAndAgentsAreListedByIdInPages() {
    numbers.save(US, new PhoneNumberUpdate("+12015550123", null, null, null, null));
    numbers.save(BR, new PhoneNumberUpdate("+5511955550123", null, null, null, null));
    for (String id : List.of("a-3", "a-1", "a-2")) {
      agents.save(id, new AgentUpdate("Agent " + id, null, null));
    }

    assertThat(numbers.list(0, 10)).extracting(PhoneNumber::phoneNumberId).containsExactly(BR, US);
    assertThat(agents.list(0, 2)).extracting(Agent::agentId).containsExactly("a-1", "a-2");
    assertThat(agents.list(2, 2)).extracting(Agent::agentId).containsExactly("a-3");
    assertThat(agents.count()).isEqualTo(3);
  }

  @Test
  void anAgentIsCreatedThenReplaced() {
    assertThat(agents.save("a-1", new AgentUpdate("Ana", "WEB_APP", true)))
        .isEqualTo(new Agent("a-1", "Ana", AgentChannel.WEB_APP, true, T));
    agents.save("a-1", new AgentUpdate("Ana Souza", "MOBILE_APP", false));

    assertThat(agents.find("a-1")).contains(new Agent("a-1", "Ana Souza", AgentChannel.MOBILE_APP, false, T));
    assertThat(agents.exists("a-1")).isTrue();
    assertThat(agents.exists("a-2")).isFalse();
  }

  @Test
  void aRingGroupKeepsItsOrderWithThePrimaryFirstAndIsReplacedAsAWhole() {
    numbers.save(BR, new PhoneNumberUpdate("+5511955550123", null, null, null, null));
    agents.save("a-1", new AgentUpdate("Ana", "WEB_APP", true));
    agents.save("a-2", new AgentUpdate("Bruno", "MOBILE_APP", false));
    agents.save("a-3", new AgentUpdate("Carla", "WEB_APP", true));

    assertThat(ringGroups.replace(BR, List.of("a-3", "a-1", "a-2"))).containsExactly(
        new RingMember("a-3", "Carla", AgentChannel.WEB_APP, true),
        new RingMember("a-1", "Ana", AgentChannel.WEB_APP, true),
        new RingMember("a-2", "Bruno", AgentChannel.MOBILE_APP, false));

    ringGroups.replace(BR, List.of("a-2", "a-3"));
    assertThat(ringGroups.members(BR)).extracting(RingMember::agentId).containsExactly("a-2", "a-3");

    ringGroups.replace(BR, List.of());
    assertThat(ringGroups.members(BR)).isEmpty();
  }

  @Test
  void aRingGroupNamingUnknownAgentsIsRefusedNamingThemAndTheOldGroupStays() {
    numbers.save(BR, new PhoneNumberUpdate("+5511955550123", null, null, null, null));
    agents.save("a-1", new AgentUpdate("Ana", null, null));
    ringGroups.replace(BR, List.of("a-1"));

    assertThatThrownBy(() -> ringGroups.replace(BR, List.of("a-9", "a-1", "a-8")))
        .isInstanceOfSatisfying(RingGroupRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(RingGroupRefusedException.Reason.UNKNOWN_AGENTS);
          assertThat(e.agentIds()).containsExactly("a-9", "a-8");
        });
    assertThat(ringGroups.members(BR)).extracting(RingMember::agentId).containsExactly("a-1");
  }

  @Test
  void theRingGroupOfAnUnknownNumberIsATypedError() {
    agents.save("a-1", new AgentUpdate("Ana", null, null));

    assertThatThrownBy(() -> ringGroups.replace("999", List.of("a-1")))
        .isInstanceOfSatisfying(UnknownPhoneNumberException.class, e -> assertThat(e.phoneNumberId()).isEqualTo("999"));
    assertThatThrownBy(() -> ringGroups.members("999")).isInstanceOf(UnknownPhoneNumberException.class);
  }

  @Test
  void routingReturnsTheSettingsAndTheWholeRingGroupInRingOrderInOneRead() {
    numbers.save(BR, new PhoneNumberUpdate("+5511955550123", 15, 1800, true, List.of("Resolved", "Sale")));
    agents.save("a-1", new AgentUpdate("Ana", "WEB_APP", true));
    agents.save("a-2", new AgentUpdate("Bruno", "MOBILE_APP", false));
    ringGroups.replace(BR, List.of("a-2", "a-1"));

    assertThat(routing.routing(BR)).isEqualTo(new Routing("+5511955550123", "BR", true,
        List.of(new RingMember("a-2", "Bruno", AgentChannel.MOBILE_APP, false),
            new RingMember("a-1", "Ana", AgentChannel.WEB_APP, true)),
        Duration.ofSeconds(15), Duration.ofMinutes(30), true, List.of("Resolved", "Sale"), Duration.ofSeconds(45)));
  }

  @Test
  void routingOfANumberWithoutARingGroupHasNoMembers() {
    numbers.save(US, new PhoneNumberUpdate("+12015550123", null, null, null, null));

    Routing r = routing.routing(US);
    assertThat(r.members()).isEmpty();
    assertThat(r.businessCountry()).isEqualTo("US");
    assertThat(r.businessInitiatedCallingAllowed()).isFalse();
  }

  @Test
  void routingOfAnUnknownNumberIsATypedNonRetryableActivityFailure() {
    UnknownPhoneNumberException e = org.junit.jupiter.api.Assertions.assertThrows(UnknownPhoneNumberException.class,
        () -> routing.routing("999"));

    ApplicationFailure failure = e.asActivityFailure();
    assertThat(failure.getType()).isEqualTo(DirectoryFailures.UNKNOWN_PHONE_NUMBER);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("999");
  }

  @Test
  void aCallLoadingItsRoutingWhileTheGroupIsReplacedSeesTheOldGroupOrTheNewNeverAMix() throws Exception {
    numbers.save(BR, new PhoneNumberUpdate("+5511955550123", null, null, null, null));
    List<String> first = List.of("a-1", "a-2", "a-3");
    List<String> second = List.of("b-1", "b-2");
    for (String id : List.of("a-1", "a-2", "a-3", "b-1", "b-2")) {
      agents.save(id, new AgentUpdate("Agent " + id, null, null));
    }
    ringGroups.replace(BR, first);

    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      for (int i = 0; !stop.get() && i < 500; i++) {
        ringGroups.replace(BR, i % 2 == 0 ? second : first);
      }
    });
    writer.start();
    try {
      for (int i = 0; i < 150; i++) {
        List<String> seen = routing.routing(BR).members().stream().map(RingMember::agentId).toList();
        assertThat(seen).as("read %d", i).isIn(first, second);
      }
    } finally {
      stop.set(true);
      writer.join();
    }
  }
}
