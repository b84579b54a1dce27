package io.wacall.api.support;

import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.contract.WacallSearchAttributes;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * wacall's search attributes on the Temporal starter's in-process test server, which does not
 * serve the operator API that {@code SearchAttributeRegistrar} uses on a real or embedded server
 * (a context without the in-process server registers nothing here).
 */
@Configuration(proxyBeanMethods = false)
public class TestServerSearchAttributes {
  @Bean
  InitializingBean wacallSearchAttributesOnTheTestServer(ObjectProvider<TestWorkflowEnvironment> testServer) {
    return () -> testServer.ifAvailable(env -> WacallSearchAttributes.ALL.forEach(env::registerSearchAttribute));
  }
}
