package io.wacall.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodingKeys;
import io.wacall.workflows.billing.BillingFailureTypes;
import io.wacall.contract.failure.CallRefusal;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WorkflowIds;
import io.wacall.workflows.contract.ContractCode.Handler;
import io.wacall.workflows.contract.ContractDocument.Example;
import io.wacall.workflows.contract.ContractDocument.Kind;
import io.wacall.workflows.contract.ContractDocument.Section;
import io.wacall.contract.permission.CallPermissionWorkflow;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code docs/temporal-contract.md} true: its JSON examples are what wacall reads and writes,
 * and the names it gives (workflow types, updates, signals, queries, failure types, activity types,
 * enum values, task queue, ID schemes) are exactly the code's. The document is what services in
 * other languages program against, so a payload or a name that drifts fails the build here.
 */
class TemporalContractDocTest {
  static final ContractDocument DOC = ContractDocument.read();
  /** What the worker uses: no custom converter is configured anywhere in wacall. */
  static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;
  /** Reads both sides of a comparison; decimals keep their scale, so 30 and 30.000000000 differ. */
  static final ObjectMapper TREE = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  /** The encoding every SDK's default converter gives a JSON object. */
  static final String JSON_PLAIN = "json/plain";

  @Test
  void theDocumentHasNoBrokenMarkersAndEveryJsonBlockIsTaggedWithItsType() {
    assertThat(DOC.problems()).as("markers that do not announce what follows them").isEmpty();
    assertThat(DOC.untaggedJsonBlocks()).as("lines of ```json blocks without a <!-- contract: Type --> tag").isEmpty();
    assertThat(DOC.examples()).hasSizeGreaterThan(20);
    Set<String> seen = new LinkedHashSet<>();
    for (Example e : DOC.examples()) {
      if (e.name() != null) {
        assertThat(seen.add(e.type() + " " + e.name())).as("example name used twice: " + e.describe()).isTrue();
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyExampleDeserialisesIntoItsTaggedTypeAndIsExactlyWhatWacallWritesBack() {
    return DOC.examples().stream().map(e -> DynamicTest.dynamicTest(e.describe(), () -> checkExample(e)));
  }

  @Test
  void everyWorkflowTypeUpdateSignalAndQueryOfTheInterfacesIsDocumented() {
    Set<String> inCode = ContractCode.handlers().stream().map(Handler::key).collect(Collectors.toCollection(TreeSet::new));
    assertThat(inCode).as("found by reflection").contains("CallPermission update requestPermission",
        "InboundCall signal callEvent", "OutboundCall update connectResult");
    assertThat(documentedHandlers()).as("workflow types and handlers in the document").containsAll(inCode);
  }

  @Test
  void everyWorkflowTypeUpdateSignalAndQueryInTheDocumentExistsOnTheInterfaces() {
    Set<String> inCode = ContractCode.handlers().stream().map(Handler::key).collect(Collectors.toSet());
    Set<String> documented = documentedHandlers();
    documented.removeAll(inCode);
    assertThat(documented).as("documented but not on any workflow interface").isEmpty();
    List<String> keys = new ArrayList<>();
    for (Section s : DOC.sections()) {
      s.workflowTypes().forEach(type -> keys.add(type + " " + s.kind().marker() + " " + s.name()));
    }
    assertThat(keys).as("each documented once").doesNotHaveDuplicates();
  }

  @Test
  void everyArgumentHasAnExampleInItsOwnSectionAndEveryResultAnExampleInTheDocument() {
    Set<Class<?>> exampleTypes = DOC.examples().stream().map(e -> ContractCode.load(e.type()))
        .filter(Objects::nonNull).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (Handler h : ContractCode.handlers()) {
      List<Section> sections = DOC.sections().stream()
          .filter(s -> s.kind() == h.kind() && s.name().equals(h.name()) && s.workflowTypes().contains(h.workflowType()))
          .toList();
      if (sections.isEmpty()) {
        continue; // reported by the test above
      }
      Section section = sections.get(0);
      Set<Class<?>> inSection = DOC.examples().stream().filter(e -> e.section() == section)
          .map(e -> ContractCode.load(e.type())).filter(Objects::nonNull).collect(Collectors.toSet());
      for (Class<?> argument : h.method().getParameterTypes()) {
        if (!inSection.contains(argument)) {
          missing.add(section.describe() + ": no example of its argument " + argument.getSimpleName());
        }
      }
      Class<?> result = h.method().getReturnType();
      if (result != void.class && !exampleTypes.contains(result)) {
        missing.add(section.describe() + ": no example of its result " + result.getSimpleName());
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyFailureTypeIsInTheFailureTableAndTheTableNamesNoOther() {
    Set<String> inCode = new TreeSet<>(ContractCode.stringConstants(FailureTypes.class));
    inCode.addAll(ContractCode.stringConstants(BillingFailureTypes.class));
    assertThat(inCode).contains(FailureTypes.PERMISSION_REQUEST_THROTTLED, BillingFailureTypes.CHARGE_CONFLICT);
    assertThat(new TreeSet<>(DOC.failureTypes())).isEqualTo(inCode);
    // the details a client reads: each has an example
    for (Class<?> details : List.of(CallRefusal.class, CallPermissionWorkflow.Refused.class, CloudApiErrorDetails.class)) {
      assertThat(DOC.examples()).as("an example of " + details.getSimpleName())
          .anyMatch(e -> details.equals(ContractCode.load(e.type())));
    }
  }

  @Test
  void everyEnumOfThePayloadsIsListedWithExactlyItsValues() {
    List<Type> roots = new ArrayList<>();
    for (Handler h : ContractCode.handlers()) {
      roots.addAll(List.of(h.method().getGenericParameterTypes()));
      roots.add(h.method().getGenericReturnType());
    }
    DOC.examples().stream().map(e -> ContractCode.load(e.type())).filter(Objects::nonNull).forEach(roots::add);
    Set<Class<?>> reachable = ContractCode.enumsReachableFrom(roots);

    Set<Class<?>> listed = new LinkedHashSet<>();
    for (ContractDocument.EnumList list : DOC.enums()) {
      Class<?> type = ContractCode.load(list.type());
      assertThat(type).as("line " + list.line() + ": " + list.type() + " is an enum").isNotNull()
          .matches(Class::isEnum, "is an enum");
      assertThat(listed.add(type)).as(list.type() + " listed once").isTrue();
      Set<String> values = Stream.of(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
          .collect(Collectors.toCollection(LinkedHashSet::new));
      assertThat(list.values()).as("values of " + type.getName() + " (line " + list.line() + ")")
          .containsExactlyInAnyOrderElementsOf(values);
    }
    assertThat(reachable).as("enums reachable from the payloads").contains(io.wacall.contract.call.view.CallStatus.class);
    assertThat(listed).as("enums in the document").containsExactlyInAnyOrderElementsOf(reachable);
  }

  @Test
  void everyActivityTypeOnTheTaskQueueIsListedAndTheListNamesNoOther() {
    Set<String> inCode = ContractCode.activityTypes();
    assertThat(inCode).contains("CloseCall", "PlaceCall", "ConnectCall", "SendPermissionRequest");
    assertThat(DOC.activities()).containsExactlyInAnyOrderElementsOf(inCode);
  }

  @Test
  void theTaskQueueTheIdSchemesAndTheConfigurationKeysAreTheCodes() throws IOException {
    String text = DOC.text();
    assertThat(text).contains("`" + WorkflowIds.TASK_QUEUE + "`",
        "`" + WorkflowIds.permission("{phoneNumberId}", "{waId}") + "`",
        "`" + WorkflowIds.inboundCall("{wacid}") + "`",
        "`" + WorkflowIds.outboundCall("{requestId}") + "`");
    // the keys the document names, with their defaults, as the application reads them
    Map<String, Object> config;
    Path yml = Path.of("../backend/src/main/resources/application.yml");
    try (InputStream in = Files.newInputStream(Files.exists(yml) ? yml : Path.of(yml.toString().substring(3)))) {
      Iterator<Object> documents = new Yaml().loadAll(in).iterator();
      @SuppressWarnings("unchecked")
      Map<String, Object> first = (Map<String, Object>) documents.next();
      config = first;
    }
    assertThat(path(config, "spring", "temporal", "namespace")).isEqualTo("default");
    assertThat(path(config, "wacall", "temporal", "task-queue")).isEqualTo(WorkflowIds.TASK_QUEUE);
    assertThat(text).contains("| namespace | `default` | `spring.temporal.namespace`",
        "| task queue | `" + WorkflowIds.TASK_QUEUE + "` | `wacall.temporal.task-queue`");
  }

  // --- helpers

  private static void checkExample(Example e) throws JsonProcessingException {
    Class<?> type = ContractCode.load(e.type());
    assertThat(type).as(e.describe() + ": the tag names no class: " + e.type()).isNotNull();
    JsonNode written;
    try {
      written = TREE.readTree(e.json());
    } catch (JsonProcessingException notJson) {
      throw new AssertionError(e.describe() + " is not JSON: " + notJson.getOriginalMessage(), notJson);
    }
    Payload payload = Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8(JSON_PLAIN))
        .setData(ByteString.copyFromUtf8(e.json()))
        .build();
    Object value;
    try {
      value = CONVERTER.fromPayload(payload, type, type);
    } catch (DataConverterException unreadable) {
      Throwable cause = unreadable.getCause() != null ? unreadable.getCause() : unreadable;
      throw new AssertionError(e.describe() + " does not deserialise into " + type.getName() + ": "
          + cause.getMessage().lines().findFirst().orElse(""), unreadable);
    }
    Payload back = CONVERTER.toPayload(value).orElseThrow();
    JsonNode canonical = TREE.readTree(back.getData().toStringUtf8());
    List<String> fieldDifferences = new ArrayList<>();
    List<String> valueDifferences = new ArrayList<>();
    compare("", canonical, written, fieldDifferences, valueDifferences);
    assertThat(fieldDifferences).as(e.describe() + ": fields of the example vs the fields "
        + type.getSimpleName() + " has (every field must be shown, null when empty)").isEmpty();
    assertThat(valueDifferences).as(e.describe() + ": values not in the form wacall writes them").isEmpty();
  }

  /** Differences between what wacall writes ({@code expected}) and the example ({@code actual}). */
  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> fields, List<String> values) {
    if (expected.isObject() && actual.isObject()) {
      Set<String> names = new TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String at = path.isEmpty() ? name : path + "." + name;
        if (!actual.has(name)) {
          fields.add(at + ": missing in the example");
        } else if (!expected.has(name)) {
          fields.add(at + ": not a field of the type");
        } else {
          compare(at, expected.get(name), actual.get(name), fields, values);
        }
      }
    } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        compare(path + "[" + i + "]", expected.get(i), actual.get(i), fields, values);
      }
    } else if (!expected.equals(actual)) {
      values.add(path + ": the example has " + actual + ", wacall writes " + expected);
    }
  }

  private static Set<String> documentedHandlers() {
    Set<String> keys = new TreeSet<>();
    for (Section s : DOC.sections()) {
      for (String type : s.workflowTypes()) {
        keys.add(type + " " + s.kind().marker() + " " + (s.kind() == Kind.WORKFLOW ? type : s.name()));
      }
    }
    return keys;
  }

  private static Object path(Map<String, Object> map, String... keys) {
    Object node = map;
    for (String key : keys) {
      node = node instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return node;
  }
}
