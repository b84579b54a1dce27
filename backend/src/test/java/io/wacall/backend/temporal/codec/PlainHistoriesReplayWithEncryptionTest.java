package io.wacall.backend.temporal.codec;

import static io.wacall.backend.temporal.codec.TestKeys.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.wacall.workflows.call.InboundCallWorkflowImpl;
import io.wacall.workflows.call.OutboundCallWorkflowImpl;
import io.wacall.workflows.settings.CallingSettingsWorkflowImpl;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Switching encryption on does not break what already runs: the histories checked in with the
 * workflows (written without a codec) replay on a worker whose data converter encrypts, because
 * payloads that are not {@code binary/encrypted} pass through decoding untouched.
 */
class PlainHistoriesReplayWithEncryptionTest {
  /** The workflows module's checked-in histories (tests run in the module's directory). */
  static final Path HISTORIES = Path.of("../workflows/src/test/resources/histories");

  static TestWorkflowEnvironment encrypting;

  @BeforeAll
  static void start() {
    encrypting = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE,
                List.of(TestKeys.codec(entry("k1", 1))), true))
            .build())
        .build());
  }

  @AfterAll
  static void stop() {
    encrypting.close();
  }

  @Test
  void callPermissionHistoriesReplay() throws Exception {
    replayAll("CallPermission", CallPermissionWorkflowImpl.class, 8);
  }

  @Test
  void inboundCallHistoriesReplay() throws Exception {
    replayAll("InboundCall", InboundCallWorkflowImpl.class, 10);
  }

  @Test
  void outboundCallHistoriesReplay() throws Exception {
    replayAll("OutboundCall", OutboundCallWorkflowImpl.class, 12);
  }

  @Test
  void callingSettingsHistoriesReplay() throws Exception {
    replayAll("CallingSettings", CallingSettingsWorkflowImpl.class, 6);
  }

  private static void replayAll(String type, Class<?> implementation, int atLeast) throws Exception {
    List<Path> histories = histories(HISTORIES.resolve(type));
    assertThat(histories).as("checked-in %s histories", type).hasSizeGreaterThanOrEqualTo(atLeast);
    Worker worker = encrypting.newWorker("replay-" + type);
    worker.registerWorkflowImplementationTypes(implementation);
    for (Path history : histories) {
      WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(Files.readString(history)), worker);
    }
  }

  private static List<Path> histories(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
