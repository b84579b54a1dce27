package io.wacall.backend.temporal.codec;

import static io.wacall.backend.temporal.codec.TestKeys.entry;
import static io.wacall.backend.temporal.codec.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.spring.boot.autoconfigure.RootNamespaceAutoConfiguration;
import io.temporal.spring.boot.autoconfigure.ServiceStubsAutoConfiguration;
import io.temporal.spring.boot.autoconfigure.TestServerAutoConfiguration;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.ServerSocket;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * How the Temporal Spring Boot starter picks the codec up: the WorkflowClient it builds (which the
 * workers of a process poll with) gets the encrypting data converter, against a real server
 * connection as in the worker and API processes, and on the starter's in-process test server.
 */
class PayloadEncryptionConfigurationTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PayloadEncryptionProperties.class)
  @Import(PayloadEncryptionConfiguration.class)
  static class Encryption {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          ServiceStubsAutoConfiguration.class, RootNamespaceAutoConfiguration.class, TestServerAutoConfiguration.class))
      .withUserConfiguration(Encryption.class)
      .withPropertyValues("spring.temporal.connection.target=127.0.0.1:" + freePort());

  @Test
  void switchedOn_theClientOfAServerConnectionEncryptsWithTheFirstKey() {
    runner.withPropertyValues("wacall.temporal.encryption.enabled=true",
            "wacall.temporal.encryption.keys=" + entry("k2", 2) + "," + entry("k1", 1))
        .run(context -> {
          assertThat(context).hasNotFailed();
          DataConverter converter = context.getBean(WorkflowClient.class).getOptions().getDataConverter();
          assertThat(converter).isInstanceOf(CodecDataConverter.class).isSameAs(context.getBean(DataConverter.class));
          assertThat(context.getBean(AesGcmPayloadCodec.class).keys().ids()).containsExactly("k2", "k1");
          assertThat(AesGcmPayloadCodec.isEncrypted(converter.toPayload("hello").orElseThrow())).isTrue();
        });
  }

  @Test
  void switchedOn_theStartersTestServerClientEncryptsToo() {
    runner.withPropertyValues("spring.temporal.test-server.enabled=true", "wacall.temporal.encryption.enabled=true",
            "wacall.temporal.encryption.keys=" + entry("k1", 1))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(TestWorkflowEnvironment.class).getWorkflowClient().getOptions().getDataConverter())
              .isInstanceOf(CodecDataConverter.class);
          assertThat(context.getBean(WorkflowClient.class).getOptions().getDataConverter())
              .isInstanceOf(CodecDataConverter.class);
        });
  }

  @Test
  void offByDefault_noCodecAndTheSdksPlainConverter_evenWithKeysConfigured() {
    runner.withPropertyValues("wacall.temporal.encryption.keys=" + entry("k1", 1))
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(AesGcmPayloadCodec.class).doesNotHaveBean(DataConverter.class);
          assertThat(context.getBean(WorkflowClient.class).getOptions().getDataConverter())
              .isNotInstanceOf(CodecDataConverter.class);
        });
  }

  @Test
  void switchedOnWithAWrongKeySize_orWithoutKeys_theProcessRefusesToStart() {
    String aes128 = Base64.getEncoder().encodeToString(new byte[16]);
    runner.withPropertyValues("wacall.temporal.encryption.enabled=true",
            "wacall.temporal.encryption.keys=" + entry("k2", 2) + ",old:" + aes128)
        .run(context -> assertThat(context).getFailure().rootCause()
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("key 'old' is 16 bytes")
            .hasMessageNotContaining(aes128)
            .hasMessageNotContaining(key(2)));
    runner.withPropertyValues("wacall.temporal.encryption.enabled=true")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("lists no key"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort(); // closed again: nothing answers there, the client connects lazily
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
