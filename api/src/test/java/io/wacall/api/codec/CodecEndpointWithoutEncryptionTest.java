package io.wacall.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.CodecDataConverter;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** With encryption off (the default) nothing is encrypted and there is no codec endpoint. */
class CodecEndpointWithoutEncryptionTest extends ApiHttpTest {
  @Autowired WorkflowClient temporal;

  @Test
  void theCodecRoutesAreAbsent_andTheClientWritesPlainPayloads() throws Exception {
    String payloads = "{\"payloads\":[{\"metadata\":{\"encoding\":\"anNvbi9wbGFpbg==\"},\"data\":\"IngiCg==\"}]}";

    assertThat(send("POST", "/codec/decode", payloads, ApiTestSupport.OPERATOR_TOKEN).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/codec/encode", payloads, ApiTestSupport.OPERATOR_TOKEN).statusCode()).isEqualTo(404);
    assertThat(temporal.getOptions().getDataConverter()).isNotInstanceOf(CodecDataConverter.class);
  }
}
