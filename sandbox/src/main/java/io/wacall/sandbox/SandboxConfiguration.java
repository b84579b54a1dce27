package io.wacall.sandbox;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.Environment;

/**
 * The Cloud API sandbox: plays Meta and the customer when wacall.sandbox.enabled. Only {@code
 * EmbeddedApplication} imports it (the API and the worker do not even have it on their classpath),
 * and a process whose Cloud API base URL is real refuses to start with it ({@link SandboxGuard}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "wacall.sandbox.enabled", havingValue = "true")
// application roots and test configurations (@SpringBootConfiguration) are never components
@ComponentScan(basePackageClasses = SandboxConfiguration.class,
    excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {
  /** Checked before any bean is created, so nothing of the sandbox starts beside real Meta. */
  @Bean
  static BeanFactoryPostProcessor sandboxNeverBesideRealCloudApi(Environment environment) {
    return beanFactory -> SandboxGuard.refuseRealCloudApi(environment);
  }
}
