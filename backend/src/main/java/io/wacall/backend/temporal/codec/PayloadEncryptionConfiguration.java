package io.wacall.backend.temporal.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code wacall.temporal.encryption.enabled=true}, the data converter of every wacall process
 * (worker, API, embedded: each imports BackendConfiguration, which scans this package) encrypts
 * what it writes to Temporal. The Temporal Spring Boot starter takes a single {@link DataConverter}
 * bean for the WorkflowClient it builds, and so for the workers on that client, and for the
 * client of its in-process test server ({@code spring.temporal.test-server.enabled}); the bean is
 * named {@code mainDataConverter}, the name the starter prefers should another one appear.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = PayloadEncryptionProperties.ENABLED, havingValue = "true")
public class PayloadEncryptionConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PayloadEncryptionConfiguration.class);

  @Bean
  public AesGcmPayloadCodec payloadEncryptionCodec(PayloadEncryptionProperties properties) {
    EncryptionKeys keys = properties.parsedKeys();
    log.info("Temporal payloads are encrypted with key '{}'; keys that decrypt: {}", keys.activeId(), keys.ids());
    return new AesGcmPayloadCodec(keys);
  }

  /**
   * The SDK's default converter (JSON for wacall's records) with the codec after it. Failure
   * messages and stack traces are encrypted too (the SDK moves them into an encoded attribute and
   * leaves "Encoded failure" in clear): a Meta error message may quote a customer's number.
   */
  @Bean
  public DataConverter mainDataConverter(AesGcmPayloadCodec codec) {
    return new CodecDataConverter(GlobalDataConverter.get(), List.of(codec), true);
  }
}
